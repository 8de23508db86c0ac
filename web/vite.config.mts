import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The officers' web application: built to static files (web/dist) that the Express app serves at
 * `/`, same origin as the API. `npm run dev` serves it through Vite's middleware with hot reload.
 */
const __dirname = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: __dirname,
  base: '/',
  plugins: [react()],
  resolve: {
    alias: {
      // Pure rules shared with the server (identity codes, dates): the same module on both sides.
      '@domain': path.resolve(__dirname, '../domain'),
    },
  },
  build: {
    outDir: path.resolve(__dirname, 'dist'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
  },
});
