import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { isCollectionName } from '#shared/domain/index';
import {
  SyncError,
  platformPaths,
  reviewQuerySchema,
  reviewResolveSchema,
  type ReviewItem,
} from '#shared/sync/index';
import { audit } from '../auth/accounts';
import { lockRecordOrder, scoped } from '../db/scoped';
import { principalOf, type ServiceContext } from '../http/context';
import { parseWith } from '../http/errors';

type ReviewRow = {
  id: string;
  collection: string;
  record_id: string;
  division_code: string;
  device_id: string;
  operator_id: string;
  fields: string[];
  base: Record<string, unknown> | null;
  proposed: Record<string, unknown>;
  current: Record<string, unknown>;
  status: ReviewItem['status'];
  created_at: number;
  decided_at: number | null;
  decided_by: string | null;
};

const toItem = (r: ReviewRow): ReviewItem => ({
  id: r.id,
  collection: r.collection,
  recordId: r.record_id,
  divisionCode: r.division_code,
  deviceId: r.device_id,
  operatorId: r.operator_id,
  fields: r.fields,
  base: r.base,
  proposed: r.proposed,
  current: r.current,
  status: r.status,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
  decidedBy: r.decided_by,
});

/** The review list of overlapping offline edits: crews see theirs, supervisors decide in their region. */
export function registerReviewRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(
    platformPaths.reviews,
    {
      schema: {
        tags: ['review'],
        summary: 'Review items of your region (technicians: those of this device)',
      },
    },
    async (request) => {
      const p = await principalOf(ctx, request);
      const query = parseWith(reviewQuerySchema, request.query, 'the review query');
      const mine = query.mine === '1' || p.role === 'technician';
      const { rows } = await scoped(ctx.db, p.scope, (tx) =>
        tx.query<ReviewRow>(
          `select * from review_items
           where ($1::text is null or status = $1) and ($2::text is null or device_id = $2)
           order by created_at desc limit 500`,
          [query.status ?? null, mine ? p.deviceId : null],
        ),
      );
      return { reviews: rows.map(toItem) };
    },
  );

  app.post(
    platformPaths.resolveReview(':id'),
    { schema: { tags: ['review'], summary: 'Decide a review item (supervisor, admin)' } },
    async (request) => {
      const p = await principalOf(ctx, request, ['supervisor', 'admin']);
      const { id } = request.params as { id: string };
      const body = parseWith(reviewResolveSchema, request.body, 'the decision');
      const now = ctx.now();
      const result = await scoped(ctx.db, p.scope, async (tx) => {
        // The record is locked (for update) before it is written: the record-order lock first.
        await lockRecordOrder(tx);
        const { rows } = await tx.query<ReviewRow>('select * from review_items where id = $1 for update', [
          id,
        ]);
        const item = rows[0];
        if (item === undefined) {
          throw new SyncError('not-found', `no review item ${id} in your region`);
        }
        if (item.status !== 'open') {
          throw new SyncError('invalid-body', `review item ${id} was already decided (${item.status})`);
        }
        let division: string | null = null;
        if (body.decision === 'accept') {
          const { rows: current } = await tx.query<{ doc: Record<string, unknown> }>(
            'select doc from records where collection = $1 and id = $2 for update',
            [item.collection, item.record_id],
          );
          const doc = { ...(current[0]?.doc ?? item.current) };
          for (const field of item.fields) {
            doc[field] = item.proposed[field];
          }
          doc['updatedAt'] = now;
          await tx.query(
            `update records set doc = $3, tx = pg_current_xact_id(), received_at = $4
             where collection = $1 and id = $2`,
            [item.collection, item.record_id, JSON.stringify(doc), now],
          );
          division = item.division_code;
        }
        const { rows: decided } = await tx.query<ReviewRow>(
          `update review_items set status = $2, decided_at = $3, decided_by = $4, note = $5 where id = $1 returning *`,
          [id, body.decision === 'accept' ? 'accepted' : 'rejected', now, p.username, body.note ?? null],
        );
        await audit(tx, now, p.username, `review.${body.decision}`, id);
        return { item: decided[0]!, division };
      });
      if (result.division !== null && isCollectionName(result.item.collection)) {
        ctx.notifier.changed({ collection: result.item.collection, divisions: [result.division] });
      }
      return toItem(result.item);
    },
  );
}
