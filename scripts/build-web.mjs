// Builds the web UI when its bundle is missing or older than its sources (the UI's and the domain's).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'packages/web');
const dist = join(web, 'dist/index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Builds the bundle if it is stale; returns false when the build failed. */
export function buildWebIfStale() {
  const sources = [join(web, 'src'), join(root, 'packages/domain/src')].filter(existsSync);
  const builtAt = existsSync(dist) ? statSync(dist).mtimeMs : 0;
  const sourcesAt = Math.max(...sources.map(newest), statSync(join(web, 'index.html')).mtimeMs);
  if (builtAt >= sourcesAt) return true;
  console.log('[jingzhun] building the web UI…');
  const built = spawnSync('npm', ['run', 'build', '-w', '@jingzhun/web'], { cwd: root, stdio: 'inherit' });
  return built.status === 0;
}
