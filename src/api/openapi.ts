import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../app-config.js';
import { chainParams, type MethodDef } from '../engine/method.js';
import { ERRORS } from '../errors.js';
import { allMethods } from '../method-list.js';
import { paramsSchema } from './methods.js';

/**
 * The OpenAPI 3.1 document of the Remote API, generated from the same method definitions that route
 * and validate requests, so it cannot drift from them. It describes the rewritten URL form
 * (`/api/v1/{chain}/json`); the other forms are the same calls, as the description says.
 */
type Json = Record<string, any>;

/** Replies that are bytes, not the envelope, and uploads that are multipart as well as JSON. */
const RAW_METHODS = new Set(['downloadFile']);
const UPLOAD_METHODS = new Set(['createFile']);

const ERROR_STATUSES = [400, 401, 403, 404, 405, 409, 413, 415, 429, 500, 503];

const DESCRIPTION = [
  'The wbTeamPro-compatible Remote API of TeamPro. Every call is also answered in two more URL forms:',
  'clean `/api.php/v1/{chain}/json` and direct `/api.php?action=v1.{chain}.json` (chain segments joined by `.`);',
  'all three also under the legacy prefix. Replace the final `json` with `xml` for an XML reply with the same content',
  '(root element `wbteampro`). A `method` parameter (query, form or body) overrides the HTTP method, e.g.',
  '`POST ...?method=put` updates. `params` may also be sent as PHP-style `params[name]=value` fields or a form body.',
  'Every reply is the envelope `{request, response}`; `request.code` equals the HTTP status.',
].join(' ');

const REQUEST_ECHO: Json = {
  type: 'object',
  required: ['action', 'method', 'format', 'code', 'message'],
  properties: {
    action: { type: 'string', description: 'The chain without version and format, joined by "/"' },
    method: { type: 'string', enum: ['GET', 'POST', 'PUT', 'DELETE'] },
    format: { type: 'string', enum: ['json', 'xml'] },
    code: { type: 'integer', description: 'Equals the HTTP status' },
    message: { type: 'string', description: '"Success", or a sentence naming the problem' },
  },
};

const ERROR_ENVELOPE: Json = {
  type: 'object',
  required: ['request', 'response'],
  properties: {
    request: { $ref: '#/components/schemas/RequestEcho' },
    response: {
      type: 'object',
      properties: { errors: { type: 'array', items: { $ref: '#/components/schemas/ParamError' } } },
    },
  },
};

const PARAM_ERROR: Json = {
  type: 'object',
  required: ['param', 'message'],
  properties: { param: { type: 'string' }, message: { type: 'string' } },
};

const REQUEST_ID_HEADER: Json = { description: 'The request id, also in the server log', schema: { type: 'string' } };

function errorResponses(): Json {
  return Object.fromEntries(
    ERROR_STATUSES.map((status) => {
      const messages = [...new Set(Object.values(ERRORS).filter((e) => e.status === status).map((e) => e.message))];
      return [
        String(status),
        {
          description: messages.join('; '),
          headers: { 'X-Request-Id': REQUEST_ID_HEADER },
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
        },
      ];
    }),
  );
}

/** The params schema minus the ids that travel in the path. */
function paramsWithoutPath(schema: Json, pathNames: string[]): Json {
  const { properties: all = {}, required: allRequired = [], ...rest } = schema;
  const properties = Object.fromEntries(Object.entries(all).filter(([name]) => !pathNames.includes(name)));
  const required = (allRequired as string[]).filter((name) => !pathNames.includes(name));
  return { ...rest, properties, ...(required.length > 0 ? { required } : {}) };
}

function pathParameters(schema: Json, names: string[]): Json[] {
  return names.map((name) => ({
    name,
    in: 'path',
    required: true,
    description: schema.properties?.[name]?.description ?? name,
    schema: { type: 'integer', minimum: 1 },
  }));
}

function requestBody(method: MethodDef, params: Json): Json {
  const hasRequired = (params.required ?? []).length > 0;
  const json = { schema: { type: 'object', properties: { params }, ...(hasRequired ? { required: ['params'] } : {}) } };
  const content: Json = { 'application/json': json };
  if (UPLOAD_METHODS.has(method.name)) {
    content['multipart/form-data'] = {
      schema: {
        type: 'object',
        required: ['file'],
        properties: {
          params: { type: 'string', description: 'The params as JSON text; send it before the file part' },
          file: { type: 'string', format: 'binary', description: 'The file contents' },
        },
      },
      encoding: { params: { contentType: 'application/json' } },
    };
  }
  return { required: hasRequired, content };
}

function successResponse(method: MethodDef): Json {
  if (RAW_METHODS.has(method.name)) {
    const bytes = { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } };
    const headers = {
      'X-Request-Id': REQUEST_ID_HEADER,
      'Content-Disposition': { schema: { type: 'string' } },
      ETag: { description: 'The SHA-256 of the contents', schema: { type: 'string' } },
    };
    return {
      '200': { description: 'The file contents (not the envelope)', headers, content: bytes },
      '206': { description: 'The requested byte range', headers, content: bytes },
      '304': { description: 'Not modified (If-None-Match / If-Modified-Since matched)', headers: { 'X-Request-Id': REQUEST_ID_HEADER, ETag: headers.ETag } },
      '416': { description: 'Requested range not satisfiable', headers: { 'X-Request-Id': REQUEST_ID_HEADER } },
    };
  }
  const reply = method.reply ? JSON.parse(JSON.stringify(method.reply)) : { type: 'object' };
  const envelope = { type: 'object', required: ['request', 'response'], properties: { request: { $ref: '#/components/schemas/RequestEcho' }, response: reply } };
  return { '200': { description: 'Success', headers: { 'X-Request-Id': REQUEST_ID_HEADER }, content: { 'application/json': { schema: envelope } } } };
}

function operation(method: MethodDef): Json {
  const names = chainParams(method.chain);
  const schema = paramsSchema(method) as Json;
  const params = paramsWithoutPath(schema, names);
  const parameters = pathParameters(schema, names);
  const hasParams = Object.keys(params.properties).length > 0;
  const inQuery = method.http === 'GET' || method.http === 'DELETE';
  if (inQuery && hasParams) {
    parameters.push({
      name: 'params',
      in: 'query',
      required: (params.required ?? []).length > 0,
      description: 'The method params as a JSON object',
      content: { 'application/json': { schema: params } },
    });
  }
  if (RAW_METHODS.has(method.name)) parameters.push({ name: 'Range', in: 'header', required: false, schema: { type: 'string' }, description: 'bytes=start-end' });
  return {
    operationId: method.name,
    summary: method.description,
    description: `wbTeamPro method \`${method.name}\`, chain \`${method.chain.replace(/\//g, '.')}\`.`,
    tags: [method.resource],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(!inQuery ? { requestBody: requestBody(method, params) } : {}),
    responses: { ...successResponse(method), ...errorResponses() },
  };
}

export interface OpenApiOptions {
  readonly legacyPrefix?: string;
}

export function buildOpenApi(methods: readonly MethodDef[], options: OpenApiOptions = {}): Json {
  const paths: Json = {};
  for (const method of methods) {
    const path = `/api/v1/${method.chain}/json`;
    paths[path] ??= {};
    paths[path][method.http.toLowerCase()] = operation(method);
  }
  const servers = [{ url: '/', description: 'This server' }];
  if (options.legacyPrefix) servers.push({ url: options.legacyPrefix, description: 'The same API under the legacy wbTeamPro prefix' });
  return {
    openapi: '3.1.0',
    info: { title: 'TeamPro Remote API', version: 'v1', description: DESCRIPTION },
    servers,
    tags: [...new Set(methods.map((m) => m.resource))].map((name) => ({ name })),
    security: [{ basicAuth: [] }, { username: [], password: [] }],
    paths,
    components: {
      schemas: { RequestEcho: REQUEST_ECHO, ParamError: PARAM_ERROR, ErrorEnvelope: ERROR_ENVELOPE },
      securitySchemes: {
        basicAuth: { type: 'http', scheme: 'basic', description: 'The admin username and the lowercase hex MD5 of the password' },
        username: { type: 'apiKey', in: 'query', name: 'username', description: 'Admin username (also accepted as a form or JSON body field)' },
        password: { type: 'apiKey', in: 'query', name: 'password', description: 'Lowercase hex MD5 of the admin password' },
      },
    },
  };
}

/** GET /openapi.json; the document is built once, on first request. */
export function registerOpenApi(app: FastifyInstance, config: AppConfig, methods: readonly MethodDef[] = allMethods()): void {
  let document: string | null = null;
  app.get('/openapi.json', async (_request, reply) => {
    document ??= JSON.stringify(buildOpenApi(methods, { legacyPrefix: config.legacyPrefix }));
    return reply.type('application/json; charset=utf-8').send(document);
  });
}
