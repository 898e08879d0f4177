// Vite builds the renderer (renderer/ → build/renderer). Everything is local: no CDN, no remote
// fonts, no inline scripts (the CSP forbids them). `base: './'` keeps asset URLs relative so the same
// build works under the desktop shell's app:// scheme and the local HTTP transport.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { CSP } from './shared/csp';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The CSP in renderer/index.html must be the one in shared/csp.ts (minus `frame-ancestors`, which a
 * <meta> element cannot carry). Fails the build when the two drift apart.
 */
function checkCspMeta(): Plugin {
  const expected = CSP.split(';')
    .map((d) => d.trim())
    .filter((d) => d && !d.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'ufd-check-csp-meta',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
        if (!m) throw new Error('renderer/index.html 缺少 Content-Security-Policy 的 <meta> 标记。');
        if (m[1] !== expected) {
          throw new Error(
            `renderer/index.html 的 CSP 与 shared/csp.ts 不一致。\n  index.html: ${m[1]}\n  应为:       ${expected}`,
          );
        }
        return html;
      },
    },
  };
}

/** Vendor chunks: antd and its rc-* components apart from React, so app changes do not bust them. */
function vendorChunk(id: string): string | undefined {
  if (!id.includes('node_modules')) return undefined;
  const pkg = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(id)?.[1]?.replace(/\\/g, '/') ?? '';
  if (pkg === 'react' || pkg === 'react-dom' || pkg === 'scheduler' || pkg === 'react-router' || pkg === 'cookie') {
    return 'vendor-react';
  }
  if (
    pkg === 'antd' ||
    pkg.startsWith('@ant-design/') ||
    pkg.startsWith('@rc-component/') ||
    pkg.startsWith('rc-') ||
    pkg === 'dayjs'
  ) {
    return 'vendor-antd';
  }
  return 'vendor';
}

export default defineConfig({
  root: path.join(here, 'renderer'),
  base: './',
  publicDir: false,
  clearScreen: false,
  plugins: [checkCspMeta()],
  esbuild: {
    jsx: 'automatic',
    jsxImportSource: 'react',
    legalComments: 'none',
  },
  resolve: {
    // One copy of React whichever package asks for it.
    dedupe: ['react', 'react-dom'],
  },
  build: {
    outDir: path.join(here, 'build', 'renderer'),
    emptyOutDir: true,
    // Electron 45 is Chromium 140; the browser mode targets current Chromium/Edge too.
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1600,
    rollupOptions: {
      onwarn(warning, warn) {
        // antd marks its modules "use client" (for React Server Components); meaningless in a bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && /"use client"/.test(warning.message)) return;
        warn(warning);
      },
      output: {
        manualChunks: vendorChunk,
      },
    },
  },
  server: {
    // `vite` dev server (optional): local only.
    host: '127.0.0.1',
    strictPort: false,
    fs: { allow: [here] },
  },
});

