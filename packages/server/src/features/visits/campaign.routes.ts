import { campaignEntryInputSchema, campaignInputSchema, regionCodeSchema } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { addCampaignEntry, campaignDetail, createCampaign, listCampaigns } from './campaign.service.ts';

const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'an id') });

/** Visiting campaigns (走访慰问活动): a unit's days of visits in a place, with person-visits and money summed. */
export function campaignRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.post(
    '/campaigns',
    {
      preValidation: guard('manageAssistance'),
      schema: { tags: ['assistance'], summary: 'Record a unit’s visiting campaign in a township or village of your region for some days', body: campaignInputSchema },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'manageAssistance');
      const campaignId = await createCampaign(db, user, actorOf(request, user), request.body);
      return reply.status(201).send({ id: campaignId });
    },
  );

  r.get(
    '/campaigns',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['assistance'],
        summary: 'Campaigns in a region (sharing a day with a year if given), each with household visits, person-visits, participants and money spent',
        querystring: z.strictObject({ region: regionCodeSchema.optional(), year: z.coerce.number().int().min(2014).max(2100).optional() }),
      },
    },
    async (request) => {
      const user = requireCapability(request, 'readRegistry');
      return { items: await listCampaigns(db, user, { regionCode: request.query.region, year: request.query.year }) };
    },
  );

  r.get(
    '/campaigns/:id',
    {
      preValidation: guard('readRegistry'),
      schema: { tags: ['assistance'], summary: 'A campaign with its sums, the people seen outside the registry, and the visits logged under it (at most 500)', params: idParam },
    },
    async (request) => campaignDetail(db, requireCapability(request, 'readRegistry'), request.params.id),
  );

  r.post(
    '/campaigns/:id/entries',
    {
      preValidation: guard('manageAssistance'),
      schema: {
        tags: ['assistance'],
        summary: 'Record people the campaign saw outside the registry (the elderly, students) on one of its days, with what was given',
        params: idParam,
        body: campaignEntryInputSchema,
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'manageAssistance');
      const entryId = await addCampaignEntry(db, user, actorOf(request, user), request.params.id, request.body);
      return reply.status(201).send({ id: entryId });
    },
  );
}
