/** A zod schema of the domain, as far as a form rule needs it. */
interface Checkable {
  safeParse: (value: unknown) => { success: boolean };
}

/**
 * A form rule that asks the domain's own schema of a field (the phone and bank account patterns the
 * server applies), with a message for people instead of the pattern. Empty is left to `required`.
 */
export function schemaRule(schema: Checkable, message: string) {
  return {
    validator: (_: unknown, value: unknown) => {
      const v = typeof value === 'string' ? value.trim() : value;
      if (v === undefined || v === null || v === '') return Promise.resolve();
      return schema.safeParse(v).success ? Promise.resolve() : Promise.reject(new Error(message));
    },
  };
}
