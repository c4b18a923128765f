import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, signIn, testApp } from './support/app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';

/** The body limit of this app: small, so that an oversized body is cheap to send. */
const BODY_LIMIT = 64 * 1024;

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  required?: string[];
}

interface Operation {
  parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** A value of the schema's shape whose every text is `text`: the hostile string reaches every text field. */
function sample(schema: JsonSchema | undefined, text: string, depth = 0): unknown {
  if (!schema || depth > 6) return text;
  const pick = schema.anyOf ?? schema.oneOf;
  if (pick?.[0]) return sample(pick.find((s) => s.type !== 'null') ?? pick[0], text, depth + 1);
  if (schema.allOf?.[0]) return sample(schema.allOf[0], text, depth + 1);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sample(v, text, depth + 1)]));
    case 'array':
      return [sample(schema.items, text, depth + 1)];
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    default:
      return text;
  }
}

/** A path parameter value that passes its route's own check, so that the input under test is what is judged. */
function paramValue(name: string): string {
  if (/village/i.test(name)) return '451022100001';
  if (/code/i.test(name)) return '451022';
  if (/year/i.test(name)) return '2024';
  if (/kind|report|set/i.test(name)) return 'x';
  return '987654321';
}

const TEXTS: Array<[string, string]> = [
  ['NUL', 'a\u0000b'],
  ['BEL', 'a\u0007b'],
  ['ESC', 'a\u001b[31mb'],
  ['DEL', 'a\u007fb'],
  ['C1', 'a\u0085b'],
];

// The hostile-input guard (issue 14): every operation of the OpenAPI document, signed in as admin, gets
// control characters, an oversized and a deeply nested body, prototype keys and wrong content types;
// each answer is a 4xx in the error shape, nothing is written, and the server stays up.
describe.each(ENGINES)('hostile input on every operation on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let admin: Client;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    app = await testApp(t.database, { bodyLimit: BODY_LIMIT });
    await addUser(t.database, 'root', 'admin', 'CN');
    admin = await signIn(app, 'root');
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  /** The rows of the tables a write would touch; a refused request changes none. */
  async function footprint(): Promise<string> {
    const { rows } = await sql<{ table_name: string; n: string }>`
      SELECT 'audit_event' AS table_name, count(*)::text AS n FROM audit_event
      UNION ALL SELECT 'household', count(*)::text FROM household
      UNION ALL SELECT 'member', count(*)::text FROM member
      UNION ALL SELECT 'app_user', count(*)::text FROM app_user
      UNION ALL SELECT 'api_token', count(*)::text FROM api_token
      UNION ALL SELECT 'self_report', count(*)::text FROM self_report
      UNION ALL SELECT 'user_session', count(*)::text FROM user_session`.execute(t.database.db);
    return rows.map((r) => `${r.table_name}=${r.n}`).join(' ');
  }

  it('answers every hostile input with a 4xx in the error shape and writes nothing', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> };
    const before = await footprint();
    const failures: string[] = [];
    let tried = 0;
    let operations = 0;

    const check = (label: string, res: LightMyRequestResponse) => {
      tried++;
      let shaped = false;
      try {
        const body = res.json() as { error?: { code?: unknown; message?: unknown; details?: unknown } };
        shaped = typeof body.error?.code === 'string' && typeof body.error.message === 'string' && typeof body.error.details === 'object';
      } catch {
        shaped = false;
      }
      if (res.statusCode < 400 || res.statusCode >= 500 || !shaped) failures.push(`${label} → ${res.statusCode} ${res.body.slice(0, 160)}`);
    };

    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const verb = method.toUpperCase();
        if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(verb)) continue;
        // Signing out would end the session the rest of the suite runs in.
        if (path.endsWith('/auth/logout')) continue;
        operations++;
        const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
        const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
        const url = pathParams.reduce((u, p) => u.replace(`{${p.name}}`, paramValue(p.name)), path);
        const send = (extra: { url?: string; payload?: string; contentType?: string }) =>
          app.inject({
            method: verb as 'GET',
            url: extra.url ?? url,
            headers: {
              cookie: `jz_session=${admin.cookie}`,
              ...(extra.contentType ? { 'content-type': extra.contentType } : {}),
            },
            ...(extra.payload === undefined ? {} : { payload: extra.payload }),
          });
        const label = `${verb} ${path}`;

        for (const p of pathParams) {
          for (const [name, text] of TEXTS.slice(0, 2)) {
            const bad = pathParams.reduce((u, q) => u.replace(`{${q.name}}`, q === p ? encodeURIComponent(text) : paramValue(q.name)), path);
            check(`${label} path ${p.name} ${name}`, await send({ url: bad }));
          }
        }
        for (const p of queryParams) {
          if (p.schema && sample(p.schema, 'x') !== 'x') continue;
          for (const [name, text] of TEXTS) check(`${label} ?${p.name} ${name}`, await send({ url: `${url}?${p.name}=${encodeURIComponent(text)}` }));
        }
        if (verb === 'GET' || verb === 'DELETE') continue;

        const json = op.requestBody?.content?.['application/json']?.schema;
        if (json) {
          for (const [name, text] of TEXTS) {
            check(`${label} body ${name}`, await send({ payload: JSON.stringify(sample(json, text)), contentType: 'application/json' }));
          }
          check(`${label} key NUL`, await send({ payload: JSON.stringify({ 'a\u0000': 1 }), contentType: 'application/json' }));
          check(`${label} nested 10000`, await send({ payload: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, contentType: 'application/json' }));
          check(`${label} arrays 100000`, await send({ payload: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, contentType: 'application/json' }));
          check(`${label} text/plain`, await send({ payload: 'a\u0000b', contentType: 'text/plain' }));
        }
        check(`${label} oversized`, await send({ payload: JSON.stringify({ x: 'y'.repeat(BODY_LIMIT + 10) }), contentType: 'application/json' }));
        check(`${label} __proto__`, await send({ payload: '{"__proto__": {"admin": true}}', contentType: 'application/json' }));
        check(`${label} constructor`, await send({ payload: '{"constructor": {"prototype": {"admin": true}}}', contentType: 'application/json' }));
        check(`${label} xml`, await send({ payload: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>', contentType: 'application/xml' }));
        check(`${label} form`, await send({ payload: 'a=%00', contentType: 'application/x-www-form-urlencoded' }));
        check(`${label} broken JSON`, await send({ payload: '{"a": "\u0000', contentType: 'application/json' }));
      }
    }

    console.info(`hostile input: ${operations} operations, ${tried} requests, ${failures.length} not refused with a 4xx`);
    expect(failures).toEqual([]);
    expect(operations).toBeGreaterThan(50);
    expect(await footprint()).toBe(before);
    const health = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.statusCode).toBe(200);
  });
});
