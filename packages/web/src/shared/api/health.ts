import type { Health } from '@jingzhun/domain';
import { api } from './client.ts';

export type { Health } from '@jingzhun/domain';

/** The server's health and version. */
export function getHealth(signal?: AbortSignal): Promise<Health> {
  return api.get<Health>('/health', undefined, signal);
}
