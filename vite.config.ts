import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The renderer bundle. Relative base so the same build loads from Electron's app:// protocol
 * and from the browser host. No inline scripts or eval in the output: the CSP forbids both.
 */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2023',
  },
});
