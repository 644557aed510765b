import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';

export default defineConfig({
  plugins: [svelte()],
  build: {
    // one chunk graph per page; shared code (data, bench hooks, card body) may land in a shared chunk,
    // the measurement script counts every chunk a page loads.
    rollupOptions: { input: { a: resolve('a.html'), b: resolve('b.html') } }
  }
});
