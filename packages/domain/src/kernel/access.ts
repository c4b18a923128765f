import type { Capability, Role } from './roles.ts';

/**
 * The authorisation table of the API: every operation (method and OpenAPI path, without the /api/v1
 * prefix) with who may call it and which record or region it touches. The server applies it to every
 * route before the body is read (a missing capability is 403, a record or region outside the caller's
 * own is 404 exactly like one that does not exist), and the authorisation matrix test checks every
 * operation × role × place against it. A route without an entry here fails that test by name.
 */

/** Who may call: anyone (no sign-in), any signed-in user (their own things), or the holders of a capability. */
export type Caller = 'anyone' | 'signedIn' | Capability;

/** The records whose region decides whether the caller may see them. */
export const SCOPED_ENTITIES = [
  'household',
  'procedure',
  'adjustment',
  'import',
  'attachment',
  'aidUnit',
  'aidStaff',
  'pairing',
  'workTeam',
  'campaign',
  'bookletJob',
  'feed',
  'alert',
  'selfReport',
  'relative',
  'assessment',
  'rollup',
  'user',
] as const;

export type ScopedEntity = (typeof SCOPED_ENTITIES)[number];

/**
 * Where the operation's place comes from:
 * - `none`: no region (the caller's own account, catalogues, public pages);
 * - `region`: a region code in the query or path (the caller's own when absent) that must lie inside the caller's;
 * - `record`: the record named by a path parameter, whose region must lie inside the caller's; when `owned`,
 *   only its owner (who uploaded or declared it) or one of the `others` roles inside the region sees it.
 */
export type ScopeRule =
  | { kind: 'none' }
  | { kind: 'region'; in: 'query' | 'path'; name: string }
  | { kind: 'record'; entity: ScopedEntity; param: string; owned?: { others: readonly Role[] } };

export interface Access {
  caller: Caller;
  scope: ScopeRule;
}

const none = { kind: 'none' } as const;
const q = (name = 'region') => ({ kind: 'region', in: 'query', name }) as const;
const p = (name: string) => ({ kind: 'region', in: 'path', name }) as const;
const rec = (entity: ScopedEntity, param = 'id') => ({ kind: 'record', entity, param }) as const;
/** A record seen by its owner, and by the `others` roles inside their region. */
const owned = (entity: ScopedEntity, others: readonly Role[]) => ({ kind: 'record', entity, param: 'id', owned: { others } }) as const;
/** Who sees an import job besides the user who uploaded it. */
const IMPORT_READERS: readonly Role[] = ['admin'];
/** Who keeps the declared relatives of others (conflict-of-interest checks); as KIN_KEEPERS in checks/rules.ts. */
const KIN_READERS: readonly Role[] = ['admin', 'county_officer'];
const op = (caller: Caller, scope: ScopeRule = none): Access => ({ caller, scope });

/** Every operation of the API with its caller and scope rule. */
export const OPERATIONS: Record<string, Access> = {
  'GET /meta': op('anyone'),
  'GET /health': op('anyone'),
  'POST /auth/login': op('anyone'),
  'POST /auth/logout': op('anyone'),
  'GET /auth/me': op('signedIn'),
  'POST /auth/password': op('signedIn'),
  'GET /auth/tokens': op('signedIn'),
  'POST /auth/tokens': op('signedIn'),
  'DELETE /auth/tokens/{id}': op('signedIn'),

  'GET /regions': op('signedIn'),
  'GET /regions/{code}': op('signedIn', p('code')),
  'GET /regions/{code}/children': op('signedIn', p('code')),
  'GET /regions/{code}/summary': op('signedIn', p('code')),

  'GET /users': op('manageUsers', q()),
  'POST /users': op('manageUsers'),
  'GET /users/{id}': op('manageUsers', rec('user')),
  'PATCH /users/{id}': op('manageUsers', rec('user')),
  'POST /users/{id}/password': op('manageUsers', rec('user')),
  'POST /users/{id}/unlock': op('manageUsers', rec('user')),
  'GET /audit': op('readAudit'),

  'GET /households': op('readRegistry', q()),
  'POST /households': op('writeRegistry'),
  'GET /households/{id}': op('readRegistry', rec('household')),
  'PATCH /households/{id}': op('writeRegistry', rec('household')),
  'GET /households/{id}/history': op('readRegistry', rec('household')),
  'POST /households/{id}/members': op('writeRegistry', rec('household')),
  'PATCH /households/{id}/members/{memberId}': op('writeRegistry', rec('household')),
  'POST /households/{id}/events': op('writeRegistry', rec('household')),
  'GET /templates/households.xlsx': op('readRegistry'),
  'GET /exports/households.xlsx': op('readRegistry', q()),
  // Full ID numbers travel in a body, never in a URL; the handlers keep the region and need-to-know rules.
  'POST /households/search': op('readRegistry'),
  'POST /persons/search': op('readRegistry'),
  'POST /imports/households': op('writeRegistry'),
  'GET /imports/{id}': op('writeRegistry', owned('import', IMPORT_READERS)),
  'POST /imports/{id}/confirm': op('writeRegistry', owned('import', IMPORT_READERS)),
  'GET /imports/{id}/errors.xlsx': op('writeRegistry', owned('import', IMPORT_READERS)),
  'POST /households/{id}/attachments': op('attachEvidence', rec('household')),
  'GET /attachments/{id}': op('readRegistry', rec('attachment')),

  'GET /policy-profiles': op('signedIn'),
  'POST /policy-profiles': op('managePolicy'),
  'GET /policy-profiles/effective': op('signedIn', q()),
  'GET /policy-profiles/{id}': op('signedIn'),
  'GET /regions/{code}/exit-check': op('readRegistry', p('code')),
  'GET /households/{id}/evaluation': op('readRegistry', rec('household')),

  'POST /procedures': op('runProcedures'),
  'GET /procedures': op('readRegistry', q()),
  'GET /procedures/inbox': op('readRegistry'),
  'GET /procedures/{id}': op('readRegistry', rec('procedure')),
  'POST /procedures/{id}/steps': op('runProcedures', rec('procedure')),
  'POST /procedures/{id}/notice': op('runProcedures', rec('procedure')),
  'POST /procedures/{id}/objections': op('runProcedures', rec('procedure')),
  'POST /procedures/{id}/objections/{objectionId}/resolve': op('runProcedures', rec('procedure')),
  'POST /procedures/{id}/cancel': op('runProcedures', rec('procedure')),
  'GET /public/notices/{villageCode}': op('anyone'),
  'GET /public/notices/{villageCode}/notice.pdf': op('anyone'),
  'POST /public/notices/{villageCode}/objections': op('anyone'),

  'POST /adjustments': op('writeRegistry'),
  'GET /adjustments': op('readRegistry'),
  'GET /adjustments/{id}': op('readRegistry', rec('adjustment')),
  'GET /adjustments/{id}/items': op('readRegistry', rec('adjustment')),
  'POST /adjustments/{id}/procedures': op('runProcedures', rec('adjustment')),

  'GET /aid-units': op('readAidWork'),
  'POST /aid-units': op('manageAssistance'),
  'GET /aid-units/{id}': op('readAidWork', rec('aidUnit')),
  'POST /aid-units/{id}/staff': op('manageAssistance', rec('aidUnit')),
  'POST /aid-units/{id}/pairings': op('manageAssistance', rec('aidUnit')),
  'GET /pairings': op('readAidWork'),
  'POST /pairings': op('writeRegistry'),
  'POST /pairings/{id}/end': op('writeRegistry', rec('pairing')),
  'GET /households/{id}/measures': op('readRegistry', rec('household')),
  'POST /households/{id}/measures': op('writeRegistry', rec('household')),
  'PATCH /households/{id}/measures/{measureId}': op('writeRegistry', rec('household')),
  'GET /households/{id}/benefits': op('readRegistry', rec('household')),
  'POST /households/{id}/benefits': op('writeRegistry', rec('household')),
  'POST /work-teams': op('manageAssistance'),
  'GET /work-teams': op('readRegistry', q()),
  'GET /work-teams/{id}': op('readRegistry', rec('workTeam')),
  'POST /work-teams/{id}/members': op('manageAssistance', rec('workTeam')),
  'POST /work-teams/{id}/members/{memberId}/end': op('manageAssistance', rec('workTeam')),
  'PUT /work-teams/{id}/presence': op('writeRegistry', rec('workTeam')),
  'POST /campaigns': op('manageAssistance'),
  'GET /campaigns': op('readRegistry', q()),
  'GET /campaigns/{id}': op('readRegistry', rec('campaign')),
  'POST /campaigns/{id}/entries': op('manageAssistance', rec('campaign')),
  'GET /measure-catalogue': op('readRegistry'),
  'POST /visits': op('logVisits'),
  'GET /visits': op('readAidWork', q()),
  'GET /visits/compliance': op('readAidWork', q()),
  'GET /exports/visits.xlsx': op('readAidWork', q()),
  'GET /exports/visit-compliance.xlsx': op('readAidWork', q()),
  'GET /my/households': op('readRegistry'),
  'GET /helpers/{id}/households': op('readRegistry', rec('aidStaff')),
  'GET /helpers/{id}/ledger': op('readAidWork', rec('aidStaff')),
  'GET /helpers/{id}/ledger.xlsx': op('readAidWork', rec('aidStaff')),
  'GET /households/{id}/booklet.pdf': op('readRegistry', rec('household')),
  'GET /households/{id}/card.pdf': op('readRegistry', rec('household')),
  'POST /regions/{code}/booklets': op('writeRegistry', p('code')),
  'GET /booklet-jobs/{id}': op('readRegistry', rec('bookletJob')),
  'GET /booklet-jobs/{id}/file': op('readRegistry', rec('bookletJob')),

  'GET /feeds/kinds': op('readRegistry'),
  'POST /feeds/{kind}/imports': op('importFeeds'),
  'GET /feeds': op('importFeeds'),
  'GET /feeds/{id}': op('importFeeds', rec('feed')),
  'POST /feeds/{id}/confirm': op('importFeeds', rec('feed')),
  'POST /feeds/{id}/discard': op('importFeeds', rec('feed')),
  'GET /feeds/{id}/unmatched': op('importFeeds', rec('feed')),
  'GET /feeds/{id}/unmatched.xlsx': op('importFeeds', rec('feed')),
  'GET /alerts': op('readRegistry', q()),
  'POST /alerts': op('logVisits'),
  'GET /exports/alerts.xlsx': op('readRegistry', q()),
  'GET /alerts/{id}': op('readRegistry', rec('alert')),
  'GET /alerts/{id}/assignees': op('triageAlerts', rec('alert')),
  'POST /alerts/{id}/actions': op('triageAlerts', rec('alert')),
  'POST /alerts/scans': op('importFeeds'),
  'GET /alerts/scans/{id}': op('importFeeds'),
  'GET /inbox': op('readRegistry'),
  'GET /self-reports': op('readRegistry', q()),
  'POST /self-reports/{id}/link': op('triageAlerts', rec('selfReport')),
  'POST /self-reports/{id}/close': op('triageAlerts', rec('selfReport')),
  'GET /public/villages': op('anyone'),
  'POST /public/self-reports': op('anyone'),

  'POST /relatives': op('signedIn'),
  'GET /relatives': op('signedIn'),
  'DELETE /relatives/{id}': op('signedIn', owned('relative', KIN_READERS)),
  'PUT /me/id-number': op('signedIn'),
  'PUT /aid-staff/{id}/id-number': op('signedIn', rec('aidStaff')),
  'GET /audits/conflicts': op('inspect', q()),
  'GET /audits/fairness': op('inspect', q()),

  'GET /stats/overview': op('readRegistry', q()),
  'POST /stats/assessments': op('manageStatistics'),
  'GET /stats/assessments': op('readRegistry', q()),
  'POST /stats/rollups': op('readRegistry'),
  'GET /stats/rollups': op('readRegistry', q()),
  'GET /stats/assessments/{id}': op('readRegistry', rec('assessment')),
  'GET /stats/rollups/{id}': op('readRegistry', rec('rollup')),
  'GET /stats/map': op('readRegistry'),
  'GET /reports/{kind}.{format}': op('readRegistry', q()),
  'GET /regions/population': op('readRegistry', q()),
  'GET /regions/population/template.xlsx': op('readRegistry'),
  'POST /regions/population/imports': op('manageStatistics'),
};

/** The entry of an operation, by method and OpenAPI path (`GET /households/{id}`). */
export function accessOf(method: string, path: string): Access | undefined {
  return OPERATIONS[`${method.toUpperCase()} ${path}`];
}
