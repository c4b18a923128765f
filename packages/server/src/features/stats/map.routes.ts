import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { statRegionCode } from './drill.ts';

const featureSchema = z.object({
  type: z.literal('Feature'),
  properties: z.record(z.string(), z.unknown()).nullable(),
  geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon']) }).loose(),
});
const collectionSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(featureSchema).min(1) });

/** A feature's region code: `properties.code` or `properties.adcode`, six to twelve digits. */
function codeOf(properties: Record<string, unknown> | null): string | null {
  const raw = properties?.code ?? properties?.adcode;
  const code = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  return statRegionCode.safeParse(code).success ? code : null;
}

/**
 * The deployer's map (地图): a GeoJSON file of the deployment's regions with the map review number (审图号)
 * it was approved under. The product ships no boundary map; without one the dashboards draw bars and
 * treemaps. Read once, checked (a FeatureCollection of polygons each naming its region code), kept in memory.
 */
export function mapRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const path = deps.config.JINGZHUN_MAP_GEOJSON;
  const reviewNumber = deps.config.JINGZHUN_MAP_REVIEW_NUMBER;
  let loaded: Promise<{ geojson: unknown; regions: string[] }> | undefined;

  async function load(file: string) {
    const parsed = collectionSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is not a FeatureCollection of polygons: ${parsed.error.issues[0]?.message}`);
    const regions = parsed.data.features.map((f) => codeOf(f.properties));
    const missing = regions.findIndex((c) => c === null);
    if (missing !== -1) throw new Error(`${file}: feature ${missing} has no region code in properties.code or properties.adcode`);
    return { geojson: parsed.data, regions: regions as string[] };
  }

  r.get(
    '/stats/map',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['statistics'],
        summary:
          'The map the deployer supplied (GeoJSON with its map review number 审图号) with `configured: true`, or `configured: false` and why ' +
          '(`map_not_configured`: the product ships no map; `map_unreadable`: the configured file cannot be used)',
        response: {
          200: z.discriminatedUnion('configured', [
            z.object({ configured: z.literal(true), reviewNumber: z.string(), file: z.string(), regions: z.array(z.string()), geojson: z.unknown() }),
            z.object({ configured: z.literal(false), reason: z.enum(['map_not_configured', 'map_unreadable']) }),
          ]),
        },
      },
    },
    async (request) => {
      requireCapability(request, 'readRegistry');
      // No map is a normal deployment, not a missing resource: the dashboards ask on every load.
      if (!path || !reviewNumber) return { configured: false as const, reason: 'map_not_configured' as const };
      loaded ??= load(path);
      try {
        const { geojson, regions } = await loaded;
        return { configured: true as const, reviewNumber, file: basename(path), regions, geojson };
      } catch (err) {
        loaded = undefined;
        request.log.error({ err }, 'the configured map cannot be read');
        return { configured: false as const, reason: 'map_unreadable' as const };
      }
    },
  );
}
