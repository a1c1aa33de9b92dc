import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DASHBOARD_DIR } from '../../base/paths.js';
import { MotionRegistryError } from '../../base/errors.js';

/** The dashboard's files and their content types; nothing else is served from its folder. */
const ASSETS: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
};

async function sendAsset(reply: FastifyReply, name: string): Promise<FastifyReply> {
  const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!type) throw new MotionRegistryError('NOT_FOUND', `no dashboard file "${name}"`);
  return reply.headers({ ...SECURITY_HEADERS, 'content-type': type }).send(await readFile(join(DASHBOARD_DIR, name)));
}

/** The dashboard at `/`: one static page whose script reads the JSON API and the event stream. */
export function dashboardRoutes(app: FastifyInstance): void {
  app.get('/', async (_request, reply) => sendAsset(reply, 'index.html'));
  app.get<{ Params: { file: string } }>('/dashboard/:file', async (request, reply) => sendAsset(reply, request.params.file));
}
