import type { FastifyInstance } from 'fastify';
import { VALUES } from '../../base/values.js';
import { MotionRegistryError } from '../../base/errors.js';
import { exportDocument } from '../../app/export.js';
import { colorCellKey, OPACITY_KEYS } from '../../model/color.js';
import { declaredName } from '../../model/names.js';
import { COLOR_DOMAIN, isRegistryName, REGISTRIES } from '../../model/registries.js';
import type { ApiContext } from '../context.js';

interface EntriesQuery {
  domain?: string;
  aspect?: string;
  family?: string;
  shade?: string;
  offset: number;
  limit: number;
}

const filter = { type: 'string', minLength: 1, maxLength: 100 };

/** Coverage, the export document, the covered color cells and their names, and entries of one registry, paged and filtered. */
export function registryRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/api/registries/coverage', async () => ctx.actor.coverage());

  // The color keys that count toward coverage, with the grid they lie on (for the dashboard's color map).
  app.get('/api/registries/static_color/cells', async () => {
    const { cells, domains: [target] } = ctx.targets.registries.static_color;
    const covered = Object.keys(await ctx.actor.unitCounts('static_color', target.domain, target.evidence));
    return { registry: 'static_color', count: covered.length, cells, levels: VALUES.static_color.channel_levels, opacities: OPACITY_KEYS, covered };
  });

  // The names of one opacity plane of the color grid, covered or not (names are fixed by the key).
  app.get<{ Querystring: { opacity: string } }>('/api/registries/static_color/names', {
    schema: {
      querystring: { type: 'object', additionalProperties: false, required: ['opacity'], properties: { opacity: { enum: OPACITY_KEYS } } },
    },
  }, async (request) => {
    const { opacity } = request.query;
    const levels = VALUES.static_color.channel_levels;
    const step = OPACITY_KEYS.indexOf(opacity);
    const names: Record<string, string | null> = {};
    for (const r of levels) for (const g of levels) for (const b of levels) {
      const key = colorCellKey({ r, g, b, step });
      names[key] = declaredName('static_color', COLOR_DOMAIN, key);
    }
    return { registry: 'static_color', opacity, names };
  });

  app.get('/api/registries', async () => exportDocument(ctx.actor, ctx.config));

  app.get<{ Params: { registry: string }; Querystring: EntriesQuery }>('/api/registries/:registry', {
    schema: {
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          domain: filter, aspect: filter, family: filter, shade: filter,
          offset: { type: 'integer', minimum: 0, default: 0 },
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
        },
      },
    },
  }, async (request) => {
    const { registry } = request.params;
    if (!isRegistryName(registry)) {
      throw new MotionRegistryError('REGISTRY_UNKNOWN', `no registry "${registry}"; registries: ${REGISTRIES.join(', ')}`, { registry });
    }
    const { domain, aspect, family, shade, offset, limit } = request.query;
    const page = await ctx.actor.entries(registry, { domain: domain ?? aspect, family, shade, offset, limit });
    return { registry, total: page.total, offset, limit, entries: page.entries };
  });
}
