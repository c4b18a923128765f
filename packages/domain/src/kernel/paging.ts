import { z } from 'zod';

/** `?page=&pageSize=` as every list endpoint takes it: pages count from 1, at most 200 rows. */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export type PageQuery = z.infer<typeof pageQuery>;

/** A page of a list as every list endpoint answers it. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The zod schema of a page of `item`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}
