import { textProblems } from '@jingzhun/domain';
import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** The one text rule in front of a request part's own schema: bodies may hold line breaks, URLs may not. */
function textGuard(multiline: boolean) {
  return z.unknown().superRefine((value, ctx) => {
    for (const p of textProblems(value, multiline)) ctx.addIssue({ code: 'custom', path: p.path, message: p.rule, params: { rule: p.rule } });
  });
}

const BODY_GUARD = textGuard(true);
const URL_GUARD = textGuard(false);

/**
 * The app's validator: every route's body, query string and path parameters pass the shared text
 * rule (no control character, no absurd nesting) before the route's own zod schema, so no route can
 * forget it and a NUL never reaches PostgreSQL. Refusals name the field with the rule `control_character`.
 */
export const guardedValidatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const guard = route.httpPart === 'body' ? BODY_GUARD : route.httpPart === 'querystring' || route.httpPart === 'params' ? URL_GUARD : undefined;
  if (!guard || !(route.schema instanceof z.ZodType)) return validatorCompiler(route);
  return validatorCompiler({ ...route, schema: guard.pipe(route.schema) });
};
