import { type Access, accessOf, isRegionCode, isWithinScope, readsPairedOnly, todayInChina } from '@jingzhun/domain';
import type { FastifyRequest, RouteOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { requireCapability, requireUser } from './auth.ts';
import type { SessionUser } from '../scope/actor.ts';
import { regionInScope, regionNotFound, seesUnit } from '../scope/scope.ts';
import { householdOfRecord, isPairedWithUser, ownerOfRecord, regionExists, regionOfRecord, unitOfRecord } from '../scope/repository.ts';

/** The OpenAPI path of a Fastify route URL: `/households/:id` → `/households/{id}`, without the API prefix. */
export function openApiPath(url: string, prefix: string): string {
  return url.slice(prefix.length).replace(/:(\w+)/g, '{$1}');
}

/**
 * Whether a household may be read by the caller: inside its region and, for a role that reads only its
 * paired households (a helper), paired with it today. The one rule behind every household route.
 */
export async function mayReadHousehold(db: Kysely<DB>, user: SessionUser, householdId: string, village: string | undefined): Promise<boolean> {
  if (village === undefined || !isWithinScope(village, user.regionCode)) return false;
  if (readsPairedOnly(user.role)) return isPairedWithUser(db, user.id, householdId, todayInChina());
  return true;
}

/**
 * Whether a unit or a member of its staff may be read by the caller: an aid unit's account reads its own
 * unit only; others read units kept inside their region or above it (a county's unit paired with a
 * village is seen from the village).
 */
export async function mayReadUnitRecord(db: Kysely<DB>, user: SessionUser, entity: 'aidUnit' | 'aidStaff', id: string, region: string | undefined): Promise<boolean> {
  if (region === undefined) return false;
  // Only an aid unit's account asks which unit the record belongs to.
  const unitId = user.role === 'aid_unit' ? await unitOfRecord(db, entity, id) : undefined;
  return seesUnit(user, { id: unitId, regionCode: region });
}

/**
 * Whether a helper may read a case, an alert or a piece of evidence: it is read as the household it is
 * about (paired with the helper today); evidence the helper stored itself is always its own to read.
 */
async function pairedRecord(db: Kysely<DB>, user: SessionUser, entity: 'procedure' | 'alert' | 'attachment', id: string): Promise<boolean> {
  if (entity === 'attachment' && (await ownerOfRecord(db, entity, id)) === user.id) return true;
  const household = await householdOfRecord(db, entity, id);
  return household != null && (await isPairedWithUser(db, user.id, household, todayInChina()));
}

/** Applies one entry of the access table to a request: 401/403 for the caller, 404 for a place outside its region. */
export async function enforceAccess(db: Kysely<DB>, access: Access, request: FastifyRequest): Promise<void> {
  const { caller, scope } = access;
  if (caller === 'anyone') return;
  const user = caller === 'signedIn' ? requireUser(request, { allowPasswordChange: true }) : requireCapability(request, caller);
  if (scope.kind === 'region') {
    const source = (scope.in === 'query' ? request.query : request.params) as Record<string, unknown> | undefined;
    const code = source?.[scope.name];
    // A malformed code is left to the schema, which names the field.
    if (typeof code !== 'string' || !isRegionCode(code)) return;
    regionInScope(user, scope.name, code);
    if (code !== user.regionCode && !(await regionExists(db, code))) throw regionNotFound(scope.name, code);
  } else if (scope.kind === 'record') {
    const id = (request.params as Record<string, unknown> | undefined)?.[scope.param];
    const key = typeof id === 'string' ? id : '';
    const region = await regionOfRecord(db, scope.entity, key);
    const visible = scope.owned
      ? region !== undefined && ((await ownerOfRecord(db, scope.entity, key)) === user.id || (scope.owned.others.includes(user.role) && isWithinScope(region, user.regionCode)))
      : scope.entity === 'household'
        ? await mayReadHousehold(db, user, key, region)
        : scope.entity === 'aidUnit' || scope.entity === 'aidStaff'
          ? await mayReadUnitRecord(db, user, scope.entity, key, region)
          : scope.entity === 'procedure' || scope.entity === 'alert' || scope.entity === 'attachment'
            ? region !== undefined && isWithinScope(region, user.regionCode) && (!readsPairedOnly(user.role) || (await pairedRecord(db, user, scope.entity, key)))
            : region !== undefined && isWithinScope(region, user.regionCode);
    if (!visible) throw new AppError('not_found', { entity: scope.entity, id: key });
  }
}

/**
 * An onRoute hook that puts the access table in front of every API route, before the body is read, so
 * that who may call and where is decided in one place. Routes without an entry keep their own guard;
 * the authorisation matrix test fails on them by name.
 */
export function accessHook(db: Kysely<DB>, prefix: string) {
  return (route: RouteOptions): void => {
    if (!route.url.startsWith(`${prefix}/`)) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const method = methods.find((m) => m !== 'HEAD') ?? 'GET';
    const access = accessOf(method, openApiPath(route.url, prefix));
    if (!access) return;
    const check = async (request: FastifyRequest) => enforceAccess(db, access, request);
    const existing = route.preValidation === undefined ? [] : Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation];
    route.preValidation = [check, ...existing];
  };
}
