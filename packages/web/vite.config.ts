import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * `@jingzhun/domain` is pure by design (no I/O, nothing done on import), but its package.json does not
 * say so; telling Rollup lets it drop what the UI does not use, e.g. the zod schemas of the server.
 */
function pureDomain(): Plugin {
  return {
    name: 'jingzhun-pure-domain',
    transform(code, id) {
      if (id.includes('/packages/domain/src/')) return { code, map: null, moduleSideEffects: false };
      return undefined;
    },
  };
}

/**
 * Vite config of the web UI; the dev server forwards `/api` to a locally running jingzhun server
 * (http://localhost:3000, or JINGZHUN_API_URL when the server runs elsewhere).
 */
export default defineConfig({
  plugins: [react(), pureDomain()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The ECharts chunk (bar, line, pie, treemap and map only; about 200 kB gzipped) is above Vite's
    // 500 kB default; it is fetched only when a statistics page opens.
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      output: {
        // React changes far less often than our pages: its own chunk keeps browser caches warm.
        manualChunks(id: string) {
          if (/node_modules\/(react|react-dom|scheduler|react-router|react-router-dom)\//.test(id)) return 'react';
          // ECharts (with zrender) is loaded by the statistics pages alone, and changes with its own releases.
          if (/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: process.env.JINGZHUN_API_URL ?? 'http://localhost:3000', changeOrigin: false },
    },
  },
});
