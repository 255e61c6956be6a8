import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The app loads its files from disk through Tauri, so every path is relative.
export default defineConfig({
  base: "./",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 1500 },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
