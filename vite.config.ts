import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * `npm run dev`: the same sync server as production, attached to Vite's own http server, so the
 * dev page gets live sync, the API and /yjs on one port.
 */
function helixboardDevServer(): Plugin {
	return {
		name: 'helixboard-dev-server',
		apply: 'serve',
		async configureServer(vite) {
			if (!vite.httpServer) return;
			const { loadConfig } = await import('./server/config.js');
			const { createHelixboard } = await import('./server/app.js');
			const helixboard = await createHelixboard(loadConfig(process.env), { ownsUpgrades: false });
			helixboard.attach(vite.httpServer as import('node:http').Server);
			vite.middlewares.use((req, res, next) => helixboard.handleRequest(req, res, next));
			vite.httpServer.once('close', () => void helixboard.close());
		}
	};
}

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'preferredLanguage', 'baseLocale']
		}),
		sveltekit(),
		helixboardDevServer()
	]
});
