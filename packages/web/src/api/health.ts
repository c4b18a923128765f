import { api } from './client.ts';

export interface Health {
  status: 'ok';
  database: 'pglite' | 'postgres';
  version: string;
}

/** The server's health and version. */
export function getHealth(signal?: AbortSignal): Promise<Health> {
  return api.get<Health>('/health', undefined, signal);
}
