/**
 * Builds the web app into dist/web (the hub serves it from there). The app imports the
 * pure layers (src/core, src/crypto, src/voting, src/i18n) through their index.ts; modules
 * are side-effect free, so what a page does not use is left out of its chunk.
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  base: "/",
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    reportCompressedSize: false,
    // bench/hub reads it to measure what the first page downloads.
    manifest: true,
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      treeshake: { moduleSideEffects: false },
    },
  },
  server: {
    proxy: {
      "/api": { target: "http://127.0.0.1:8080", ws: true },
    },
  },
});
