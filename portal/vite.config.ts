import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The support portal: a small single-page app calling only the public API. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: true },
  logLevel: 'warn',
});
