import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The workspace: built into dist/workspace (served by src/web/route.ts). The SDK comes from the repo's own
 * src/client under the name integrators import it by, so the app calls the server exactly as they do.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  resolve: {
    alias: {
      'teampro/client': fileURLToPath(new URL('../src/client/index.ts', import.meta.url)),
      // The package exports its stylesheet only under a "style" condition that JavaScript imports do not use.
      'frappe-gantt/style.css': fileURLToPath(new URL('../node_modules/frappe-gantt/dist/frappe-gantt.css', import.meta.url)),
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/workspace', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 600,
  },
  server: { proxy: { '/api.php': 'http://127.0.0.1:8080', '/api': 'http://127.0.0.1:8080' } },
});
