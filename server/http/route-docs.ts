import { z } from 'zod';
import {
  adminLayerListResponseSchema,
  layerAdminPaths,
  layerRemovedResponseSchema,
} from '#shared/verdicts/layer-admin-wire';
import { collectionNames } from '#shared/domain/index';
import { monthlyReportSchema } from '#shared/reports/monthly-schema';
import {
  accountCreateSchema,
  accountResponseSchema,
  authPaths,
  automationReportSchema,
  automationRequestSchema,
  deviceInfoSchema,
  enrollmentCreateSchema,
  enrollmentCreatedSchema,
  enrollRequestSchema,
  enrollResponseSchema,
  importReportSchema,
  ingestResponseSchema,
  loginRequestSchema,
  meResponseSchema,
  monthlyReportQuerySchema,
  photoPaths,
  photoUploadStartSchema,
  photoUploadStatusSchema,
  platformPaths,
  pullQuerySchema,
  pullCountsSchema,
  pullResponseSchema,
  pushRequestSchema,
  pushResponseSchema,
  recordsQuerySchema,
  reportCountsRequestSchema,
  reviewItemSchema,
  reviewQuerySchema,
  reviewResolveSchema,
  sha256HexPattern,
  syncPaths,
  versionHeaders,
  type SyncErrorCode,
} from '#shared/sync/index';
import {
  consoleAuditQuerySchema,
  consoleAuditResponseSchema,
  consoleDevicesResponseSchema,
  consolePasswordSchema,
  consolePaths,
  consoleUserSchema,
  consoleUserUpdateSchema,
  consoleUsersResponseSchema,
  outboxHeaders,
} from '#shared/sync/console';
import {
  daySummariesQuerySchema,
  daySummariesResponseSchema,
  monitoringPaths,
  seriesQuerySchema,
  seriesResponseSchema,
} from '#shared/monitoring/series-wire';
import {
  auditEventsPushSchema,
  auditPaths,
  auditPullQuerySchema,
  auditPullResponseSchema,
  auditPushResponseSchema,
} from '#shared/sync/audit-wire';
import { provincePolicySchema } from '#shared/verdicts/policy';
import {
  layerFeaturesQuerySchema,
  layerFeaturesResponseSchema,
  layerImportQuerySchema,
  layerImportReportSchema,
  layerListResponseSchema,
  layerPaths,
} from '#shared/verdicts/spatial-wire';
import { threeLevelQuerySchema, threeLevelReportSchema } from '../platform/three-level';
import { errorResponses, healthResponseSchema, openApiBody, readyResponseSchema } from './openapi-schemas';

/**
 * What the OpenAPI document says of each route, keyed `METHOD pattern`: the zod schemas the handlers
 * parse with (bodies, queries), the zod schemas of the answers, and the error codes a route may answer.
 * Applied to each route as it is registered (see openapi.ts), so route modules keep their handlers.
 */
type RouteDoc = {
  readonly body?: z.ZodType;
  readonly querystring?: z.ZodType;
  readonly params?: z.ZodType;
  readonly headers?: z.ZodType;
  /** The 2xx answer: a zod schema (JSON), or a media type for files and streams. */
  readonly response?: z.ZodType | { readonly mediaType: string; readonly description: string };
  readonly status?: 200 | 201;
  /** Error codes beyond those every authenticated request may get. */
  readonly errors: readonly SyncErrorCode[];
  /** Sign-in and operations routes: no device token, so none of its errors. */
  readonly anonymous?: boolean;
  /** Answers that are not errors despite their status (a readiness probe's 503). */
  readonly also?: Readonly<Record<number, z.ZodType>>;
};

const signedIn: readonly SyncErrorCode[] = ['unauthorized', 'revoked', 'rate-limited', 'forbidden'];
const bodyErrors: readonly SyncErrorCode[] = ['invalid-body', 'too-large'];

const collectionParams = z.object({ collection: z.enum(collectionNames) }).strict();
const idParams = z.object({ id: z.string().min(1).max(64) }).strict();
const shaParams = z.object({ sha256: z.string().regex(sha256HexPattern) }).strict();
const versionHeadersDoc = z.object({
  [versionHeaders.app]: z.string().optional().describe("The app's release, x.y.z"),
  [versionHeaders.schema]: z
    .string()
    .optional()
    .describe("The schema version of this collection's documents as the app stores them"),
  [outboxHeaders.depth]: z
    .string()
    .optional()
    .describe('Records the laptop holds that the service has not stored (a whole number)'),
  [outboxHeaders.oldest]: z
    .string()
    .optional()
    .describe('When the oldest of them was written (ms since 1970); absent when there is none'),
});

const routeDocs: Readonly<Record<string, RouteDoc>> = {
  'GET /health': { response: healthResponseSchema, errors: [], anonymous: true },
  'GET /ready': {
    response: readyResponseSchema,
    errors: [],
    anonymous: true,
    also: { 503: readyResponseSchema },
  },
  'GET /metrics': {
    response: { mediaType: 'text/plain', description: 'Prometheus text exposition format' },
    errors: ['unauthorized'],
    anonymous: true,
  },
  [`POST ${authPaths.enroll}`]: {
    body: enrollRequestSchema,
    response: enrollResponseSchema,
    errors: [...bodyErrors, 'bad-enrollment-code', 'rate-limited'],
    anonymous: true,
  },
  [`POST ${authPaths.login}`]: {
    body: loginRequestSchema,
    response: enrollResponseSchema,
    errors: [...bodyErrors, 'bad-credentials', 'rate-limited'],
    anonymous: true,
  },
  [`GET ${authPaths.me}`]: { response: meResponseSchema, errors: [] },
  [`POST ${platformPaths.users}`]: {
    body: accountCreateSchema,
    response: accountResponseSchema,
    status: 201,
    errors: [...bodyErrors, 'outside-region'],
  },
  [`POST ${platformPaths.enrollments}`]: {
    body: enrollmentCreateSchema,
    response: enrollmentCreatedSchema,
    status: 201,
    errors: [...bodyErrors, 'not-found', 'outside-region'],
  },
  [`GET ${platformPaths.devices}`]: {
    response: z.object({ devices: z.array(deviceInfoSchema) }),
    errors: [],
  },
  [`POST ${platformPaths.revokeDevice(':id')}`]: {
    params: idParams,
    response: deviceInfoSchema,
    errors: ['not-found'],
  },
  [`GET ${syncPaths.pull(':collection')}`]: {
    params: collectionParams,
    querystring: pullQuerySchema,
    headers: versionHeadersDoc,
    response: pullResponseSchema,
    errors: ['invalid-body', 'not-found', 'update-required'],
  },
  [`POST ${syncPaths.push(':collection')}`]: {
    params: collectionParams,
    headers: versionHeadersDoc,
    body: pushRequestSchema,
    response: pushResponseSchema,
    errors: [...bodyErrors, 'not-found', 'update-required'],
  },
  [`GET ${syncPaths.stream}`]: {
    response: {
      mediaType: 'text/event-stream',
      description: 'Server-sent events: `hello`, then `change` notices',
    },
    errors: [],
  },
  [`GET ${syncPaths.policy}`]: { response: provincePolicySchema, errors: [] },
  [`GET ${syncPaths.counts}`]: { response: pullCountsSchema, errors: [] },
  [`GET ${auditPaths.findings}`]: {
    querystring: auditPullQuerySchema,
    response: auditPullResponseSchema,
    errors: ['invalid-body'],
  },
  [`GET ${auditPaths.events}`]: {
    querystring: auditPullQuerySchema,
    response: auditPullResponseSchema,
    errors: ['invalid-body'],
  },
  [`POST ${auditPaths.events}`]: {
    body: auditEventsPushSchema,
    response: auditPushResponseSchema,
    errors: [...bodyErrors],
  },
  [`GET ${monitoringPaths.series}`]: {
    querystring: seriesQuerySchema,
    response: seriesResponseSchema,
    errors: ['invalid-body', 'not-found'],
  },
  [`GET ${monitoringPaths.daySummaries}`]: {
    querystring: daySummariesQuerySchema,
    response: daySummariesResponseSchema,
    errors: ['invalid-body'],
  },
  [`PUT ${syncPaths.policy}`]: {
    body: provincePolicySchema,
    response: provincePolicySchema,
    errors: [...bodyErrors, 'outside-region'],
  },
  [`POST ${photoPaths.status(':sha256')}`]: {
    params: shaParams,
    body: photoUploadStartSchema,
    response: photoUploadStatusSchema,
    errors: [...bodyErrors, 'not-found', 'upload-size-changed', 'quota-exceeded'],
  },
  [`PUT ${photoPaths.status(':sha256')}`]: {
    params: shaParams,
    querystring: z.object({ offset: z.coerce.number().int().min(0) }).strict(),
    response: photoUploadStatusSchema,
    errors: [...bodyErrors, 'not-found', 'wrong-offset', 'quota-exceeded'],
  },
  [`POST ${photoPaths.complete(':sha256')}`]: {
    params: shaParams,
    response: photoUploadStatusSchema,
    errors: ['invalid-body', 'not-found', 'wrong-offset', 'checksum-mismatch'],
  },
  [`GET ${photoPaths.download(':sha256')}`]: {
    params: shaParams,
    response: { mediaType: 'image/jpeg', description: 'The photo' },
    errors: ['invalid-body', 'not-found'],
  },
  [`GET ${platformPaths.reviews}`]: {
    querystring: reviewQuerySchema,
    response: z.object({ reviews: z.array(reviewItemSchema) }),
    errors: ['invalid-body'],
  },
  [`POST ${platformPaths.resolveReview(':id')}`]: {
    params: idParams,
    body: reviewResolveSchema,
    response: reviewItemSchema,
    errors: [...bodyErrors, 'not-found'],
  },
  [`POST ${platformPaths.registryImport}`]: {
    response: importReportSchema,
    errors: [...bodyErrors, 'import-invalid', 'outside-region'],
  },
  [`POST ${platformPaths.reportCounts}`]: {
    body: reportCountsRequestSchema,
    response: ingestResponseSchema,
    errors: [...bodyErrors, 'import-invalid', 'outside-region'],
  },
  [`POST ${platformPaths.automation}`]: {
    body: automationRequestSchema,
    response: automationReportSchema,
    errors: [...bodyErrors],
  },
  [`POST ${platformPaths.threeLevel}`]: {
    querystring: threeLevelQuerySchema,
    response: threeLevelReportSchema,
    errors: [...bodyErrors, 'import-invalid', 'outside-region'],
  },
  [`POST ${layerPaths.import}`]: {
    querystring: layerImportQuerySchema,
    response: layerImportReportSchema,
    errors: [...bodyErrors, 'import-invalid', 'outside-region'],
  },
  [`GET ${layerPaths.list}`]: { response: layerListResponseSchema, errors: [] },
  [`GET ${layerPaths.features(':id')}`]: {
    params: idParams,
    querystring: layerFeaturesQuerySchema,
    response: layerFeaturesResponseSchema,
    errors: ['invalid-body', 'not-found'],
  },
  [`GET ${layerAdminPaths.list}`]: { response: adminLayerListResponseSchema, errors: [] },
  [`DELETE ${layerAdminPaths.remove(':id')}`]: {
    params: idParams,
    response: layerRemovedResponseSchema,
    errors: ['not-found', 'outside-region'],
  },
  [`GET ${platformPaths.monthlyReport}`]: {
    querystring: monthlyReportQuerySchema,
    response: monthlyReportSchema,
    errors: ['invalid-body'],
  },
  [`GET ${platformPaths.monthlyReportXlsx}`]: {
    querystring: monthlyReportQuerySchema,
    response: {
      mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      description: 'The workbook',
    },
    errors: ['invalid-body'],
  },
  [`GET ${platformPaths.records(':collection')}`]: {
    params: collectionParams,
    querystring: recordsQuerySchema,
    response: z.object({ records: z.array(z.record(z.string(), z.unknown())) }),
    errors: ['invalid-body', 'not-found'],
  },
  [`GET ${consolePaths.devices}`]: { response: consoleDevicesResponseSchema, errors: [] },
  [`GET ${consolePaths.users}`]: { response: consoleUsersResponseSchema, errors: [] },
  [`PUT ${consolePaths.user(':id')}`]: {
    params: idParams,
    body: consoleUserUpdateSchema,
    response: consoleUserSchema,
    errors: [...bodyErrors, 'not-found', 'outside-region'],
  },
  [`POST ${consolePaths.userPassword(':id')}`]: {
    params: idParams,
    body: consolePasswordSchema,
    response: consoleUserSchema,
    errors: [...bodyErrors, 'not-found'],
  },
  [`GET ${consolePaths.audit}`]: {
    querystring: consoleAuditQuerySchema,
    response: consoleAuditResponseSchema,
    errors: ['invalid-body'],
  },
};

function answer(doc: RouteDoc) {
  const status = doc.status ?? 200;
  const response = doc.response;
  if (response === undefined) {
    return {};
  }
  if ('mediaType' in response) {
    return {
      [status]: {
        description: response.description,
        content: { [response.mediaType]: { schema: { type: 'string', format: 'binary' } } },
      },
    };
  }
  return { [status]: { description: 'Success', ...openApiBody(response) } };
}

/**
 * The schema part of a route's options for @fastify/swagger, or null for a route without a doc
 * (the documentation routes themselves). A route's own summary and tags are kept.
 */
export function routeDocFor(method: string, url: string): Record<string, unknown> | null {
  const doc = routeDocs[`${method} ${url}`];
  if (doc === undefined) {
    return null;
  }
  return {
    ...(doc.body ? { body: openApiBody(doc.body, 'input') } : {}),
    ...(doc.querystring ? { querystring: openApiBody(doc.querystring, 'input') } : {}),
    ...(doc.params ? { params: openApiBody(doc.params, 'input') } : {}),
    ...(doc.headers ? { headers: openApiBody(doc.headers, 'input') } : {}),
    ...(doc.anonymous ? { security: [] } : {}),
    response: {
      ...answer(doc),
      ...errorResponses([...(doc.anonymous ? [] : signedIn), ...doc.errors]),
      ...Object.fromEntries(
        Object.entries(doc.also ?? {}).map(([status, schema]) => [
          status,
          { description: 'Not ready', ...openApiBody(schema) },
        ]),
      ),
    },
  };
}
