import { z } from 'zod';

export const healthSchema = z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), version: z.string() });
export type Health = z.infer<typeof healthSchema>;

export const metaSchema = z.object({
  name: z.literal('jingzhun'),
  version: z.string(),
  languages: z.array(z.enum(['zh-CN', 'en'])),
  defaultLanguage: z.literal('zh-CN'),
});
export type Meta = z.infer<typeof metaSchema>;
