import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { sqlDateTime } from '../../sql-date-time.js';
import type { ProductEnv } from '../product.js';
import { answerKey } from './answer-key.js';
import { getItem, getItems, getMultipleItems } from './collections.js';
import { sessionCan, type Ctx, type ItemType } from './context.js';
import { ApiError, err, errorForStatus } from './errors.js';
import { corsHeaders, errorResponse, header, jsonResponse, readRequest, requestPath, wireHeaders, type ApiRequest, type Reply } from './http.js';
import type { Model } from './model.js';
import { identiconPng, sniffMime } from './picture.js';
import { intval, isNumeric, phpJson } from './php.js';
import { Lru } from '../../lru.js';
import { itemtype } from './registry.js';
import { readsClock, searchItems } from './search.js';
import { describeOptions, searchOptions } from './search-options.js';
import {
  activeProfile,
  changeActiveEntitiesEndpoint,
  changeActiveProfileEndpoint,
  checkAppToken,
  checkSessionToken,
  fullSession,
  getActiveEntities,
  getGlpiConfig,
  getMyEntities,
  getMyProfiles,
  initSession,
} from './session-api.js';
import type { Session, SessionStore } from './sessions.js';
import { httpDate } from './text.js';
import { createItems, deleteItems, preparePasswords, updateItems } from './writes.js';
import { answerBody, type AnswerBody } from '../../http/answer-bytes.js';

/**
 * `apirest.php/<resource>[/<id>[/<subtype>[/<subid>]]]`: fixed resources first (case-sensitive),
 * then the user picture route, then itemtype routes. Checks run in the product's order: body, then
 * the resource, then App-Token, then Session-Token (search checks its session first).
 */

const INLINE_DOC = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>ITSM-NG REST API</title></head><body>
<h1>ITSM-NG REST API (mock)</h1>
<p>Sessions: initSession, killSession, getFullSession, getMyProfiles, getActiveProfile, changeActiveProfile,
getMyEntities, getActiveEntities, changeActiveEntities, getGlpiConfig. Items: GET/POST/PUT/PATCH/DELETE
&lt;Itemtype&gt;[/&lt;id&gt;[/&lt;Subtype&gt;]]. Search: search/&lt;Itemtype&gt;, listSearchOptions/&lt;Itemtype&gt;,
getMultipleItems, User/&lt;id&gt;/Picture, lostPassword.</p>
</body></html>`;

/** The bytes each of the two answer caches may hold. */
const ANSWER_BYTES = 16 * 1024 * 1024;

export class Router {
  /**
   * Encoded answers of reads of the data's current version: the key holds everything else such an
   * answer depends on (the session's rights, the request's parameters), so that a hit is the bytes the
   * read would produce.
   */
  private readonly answers = new Lru<string, EncodedReply>({ entries: 4096, weight: ANSWER_BYTES, weigh: (key, a) => key.length + a.text.length, largestShare: 1 / 8, product: 'itsm-ng' });
  /**
   * Responses of GET reads by the request as sent (URL and the headers a read's answer depends on),
   * so that asking again skips parsing and dispatch. An entry is only served while the data's version,
   * the session's state and (for searches) the clock's second are those it was computed with, and
   * the session is still live: otherwise the request takes the full path.
   */
  private readonly repeats = new Lru<string, Repeat>({ entries: 4096, weight: ANSWER_BYTES, weigh: (key, r) => key.length + r.body.length, largestShare: 1 / 8, product: 'itsm-ng' });

  constructor(
    private readonly env: ProductEnv,
    private readonly model: Model,
    private readonly sessions: SessionStore,
  ) {
    env.db.onReset(() => {
      this.answers.clear();
      this.repeats.clear();
    });
  }

  /** The key of a GET without a body under which its answer is kept, if it may be kept at all. */
  private repeatKey(c: Context): { key: string; token: string } | undefined {
    if (c.req.method !== 'GET') return undefined;
    const raw = (c.env as { incoming?: { rawHeaders?: string[] } } | undefined)?.incoming?.rawHeaders;
    if (!raw) return undefined;
    // one pass over the raw headers; a repeated one (joined when read) takes the full path
    let token: string | undefined;
    let others = '';
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i];
      const lower = KEYED_HEADER_LENGTHS.has(name.length) ? name.toLowerCase() : '';
      if (lower === 'session-token') {
        if (token !== undefined) return undefined;
        token = raw[i + 1];
      } else if (lower === 'content-length' || lower === 'transfer-encoding') return undefined;
      else if (KEYED_HEADERS.has(lower)) others += `\n${lower}:${lower === 'origin' ? '' : raw[i + 1]}`;
    }
    if (!token) return undefined;
    return { key: `${c.req.url}\n${token}${others}`, token };
  }

  /** A kept answer to the same request, when nothing it depends on has changed since. */
  private repeated(key: string, token: string): Response | undefined {
    this.repeats.keepOnly(this.env.db.version);
    const hit = this.repeats.get(key);
    if (!hit) return undefined;
    const now = this.now().getTime();
    if (hit.second !== undefined && hit.second !== Math.floor(now / 1000)) return undefined;
    const session = this.sessions.get(token, now);
    if (session !== hit.session || !sameState(session, hit.state)) return undefined;
    return new Response(hit.body, { status: hit.status, headers: hit.headers });
  }

  /**
   * A read answered from the cache when the same session asked the same of the same data before.
   * `second`: for reads that resolve relative dates (search), the clock's second is part of the question.
   */
  private cachedRead(req: ApiRequest, session: Session, what: string, read: () => Reply, second?: number): EncodedReply {
    const version = this.env.db.version;
    this.answers.keepOnly(version);
    req.cached = { version, session, second };
    const key = answerKey({ session, apiUrl: req.apiUrl, verb: req.verb, what, params: req.params, second });
    return this.answers.getOrSet(key, () => {
      const reply = read();
      return { status: reply.status, headers: reply.headers, body: undefined, text: reply.text ?? (reply.body === undefined ? '' : phpJson(reply.body)) };
    });
  }

  /** Synchronous when the answer is kept from an identical earlier request. */
  handle(c: Context): Response | Promise<Response> {
    const repeat = this.repeatKey(c);
    if (repeat !== undefined) {
      const again = this.repeated(repeat.key, repeat.token);
      if (again) return again;
    }
    return this.answer(c, repeat);
  }

  private async answer(c: Context, repeat: { key: string; token: string } | undefined): Promise<Response> {
    const verb = c.req.method.toUpperCase();
    const path = requestPath(c);
    const { elements, apiUrl } = path;
    const resource = elements[0].trim();
    const isInlineDoc = resource === '' || resource === 'api';
    if (verb === 'OPTIONS') return new Response(null, { status: 200, headers: { ...corsHeaders(c, verb), 'Content-Type': 'text/html; charset=UTF-8' } });
    try {
      const req = await readRequest(c, isInlineDoc, path);
      if (isInlineDoc) return this.inlineDoc(c);
      const picture = /user\/(\d+)\/picture/i.exec(req.pathInfo);
      const known = KNOWN_RESOURCES.has(resource);
      if (!known && picture) return this.picture(c, req, Number(picture[1]));
      let reply: Reply | undefined;
      let failure: unknown;
      const before = this.env.db.version;
      try {
        reply = await this.dispatch(req, resource);
      } catch (e) {
        failure = e;
      }
      // whatever happened (bulk writes can fail part-way), what was changed must be on disk first;
      // a request that changed nothing (a read) does not wait for other requests' writes
      if (this.env.db.version !== before) {
        try {
          await this.env.db.commit();
        } catch {
          return errorResponse(c, verb, errorForStatus(500), apiUrl);
        }
      }
      if (failure) throw failure;
      if (repeat !== undefined && req.cached && reply!.text !== undefined) {
        const { version, session, second } = req.cached;
        const headers = wireHeaders(corsHeaders(c, verb), reply!.headers);
        const current = this.env.db.version;
        this.repeats.keepOnly(current);
        if (version === current) this.repeats.set(repeat.key, { session, second, state: sessionState(session), body: answerBody(reply!.text!), status: reply!.status ?? 200, headers });
        return new Response(reply!.text!, { status: reply!.status ?? 200, headers });
      }
      return jsonResponse(c, verb, reply!);
    } catch (e) {
      if (e instanceof ApiError) return errorResponse(c, verb, e, apiUrl);
      throw e;
    }
  }

  private inlineDoc(c: Context): Response {
    const json = (header(c, 'content-type') ?? '').includes('application/json');
    return new Response(json ? '# ITSM-NG REST API (mock)\n' : INLINE_DOC, { status: 200, headers: { 'Content-Type': 'text/html; charset=UTF-8' } });
  }

  private now(): Date {
    return this.env.clock();
  }

  /** App-Token then Session-Token, as every endpoint begins. */
  private endpoint(req: ApiRequest): Session {
    checkAppToken(this.env.config, req.params);
    return checkSessionToken(this.sessions, req.params, this.now().getTime());
  }

  private context(session: Session, req: ApiRequest, hashes = new Map<string, string>(), same = new Set<string>()): Ctx {
    const now = this.now();
    return {
      model: this.model,
      session,
      user: this.model.users.get(session.userId),
      now,
      nowSql: sqlDateTime(now),
      apiUrl: req.apiUrl,
      messages: [],
      hashes,
      samePassword: same,
      can: (right, bits) => sessionCan(session, right, bits),
    };
  }

  /** `getItemtype`: a served class name (case-insensitive), or the product's resource errors. */
  private type(name: string | undefined): ItemType {
    if (name === undefined) throw err.resourceMissing();
    const t = itemtype(name);
    if (!t) throw err.resourceNotFound();
    return t;
  }

  private async dispatch(req: ApiRequest, resource: string): Promise<Reply> {
    const m = this.model;
    const p = req.params;
    switch (resource) {
      case 'initSession':
        return initSession(m, this.env.config, this.sessions, p, this.now(), req.apiUrl);
      case 'killSession': {
        const s = this.endpoint(req);
        this.sessions.kill(s.token);
        return { body: undefined };
      }
      case 'changeActiveEntities':
        return changeActiveEntitiesEndpoint(m, this.endpoint(req), p);
      case 'getMyEntities':
        return getMyEntities(m, this.endpoint(req), p);
      case 'getActiveEntities':
        return getActiveEntities(this.endpoint(req));
      case 'changeActiveProfile':
        return changeActiveProfileEndpoint(m, this.endpoint(req), p);
      case 'getMyProfiles':
        return getMyProfiles(this.endpoint(req));
      case 'getActiveProfile':
        return { body: { active_profile: activeProfile(m, this.endpoint(req)) } };
      case 'getFullSession':
        return { body: { session: fullSession(m, this.endpoint(req), sqlDateTime(this.now()), req.apiUrl) } };
      case 'getGlpiConfig':
        this.endpoint(req);
        return getGlpiConfig(req.apiUrl);
      case 'listSearchOptions': {
        const type = this.type(req.elements[1]);
        this.endpoint(req);
        return { body: describeOptions(searchOptions(type)) };
      }
      case 'getMultipleItems':
        return getMultipleItems(this.context(this.endpoint(req), req), p);
      case 'search': {
        checkSessionToken(this.sessions, p, this.now().getTime());
        const type = this.type(req.elements[1]);
        const session = this.endpoint(req);
        const ctx = this.context(session, req);
        return this.cachedRead(req, session, `search/${type.name}`, () => searchItems(ctx, type, p), readsClock(p) ? Math.floor(ctx.now.getTime() / 1000) : undefined);
      }
      case 'lostPassword':
        if (req.verb !== 'PUT' && req.verb !== 'PATCH') throw err.generic('Only HTTP verb PUT is allowed');
        throw err.generic('Email notifications are disabled');
      default:
        return this.items(req, resource);
    }
  }

  private async items(req: ApiRequest, resource: string): Promise<Reply> {
    const el = req.elements;
    let type = this.type(resource);
    let parent: ItemType | undefined;
    if (el.length > 2) {
      parent = type;
      type = this.type(el[2]);
    }
    const first = el[1] !== undefined && isNumeric(el[1]) ? intval(el[1]) : undefined;
    const sub = el[3] !== undefined && isNumeric(el[3]) ? intval(el[3]) : undefined;
    let id = first;
    let parentId: number | undefined;
    if (sub || parent) {
      parentId = first;
      id = sub;
    }
    const p = req.params;
    switch (req.verb) {
      case 'POST': {
        const prep = await preparePasswords(this.model, type, p.input, false);
        return createItems(this.context(this.endpoint(req), req, prep.hashes, prep.same), type, p, req.apiUrl);
      }
      case 'PUT':
      case 'PATCH': {
        if (p.input === undefined || p.input === null) throw err.badArray();
        const session = this.endpoint(req);
        const input = id !== undefined && typeof p.input === 'object' && !Array.isArray(p.input) && (p.input as Record<string, unknown>).id === undefined ? { ...p.input, id } : p.input;
        const prep = await preparePasswords(this.model, type, input, true);
        return updateItems(this.context(session, req, prep.hashes, prep.same), type, p, id);
      }
      case 'DELETE':
        return deleteItems(this.context(this.endpoint(req), req), type, p, id);
      default: {
        const session = this.endpoint(req);
        const ctx = this.context(session, req);
        if (id !== undefined && (id > 0 || (id === 0 && type.zeroIdIsItem))) return this.cachedRead(req, session, `${type.name}/${id}`, () => getItem(ctx, type, id, p));
        return this.cachedRead(req, session, `${parent?.name ?? ''}/${parentId ?? ''}/${type.name}`, () => getItems(ctx, type, p, parent ? { type: parent, id: parentId } : undefined));
      }
    }
  }

  /** `User/<id>/Picture`: the image (200, or 304 for a matching validator), 204 without one. */
  private picture(c: Context, req: ApiRequest, userId: number): Response {
    const verb = req.verb;
    try {
      this.endpoint(req);
      const user = this.model.users.get(userId);
      if (!user) throw err.generic(`Bad request: user with id '${userId}' not found`);
      const headers = corsHeaders(c, verb);
      if (typeof user.picture !== 'string' || user.picture === '') return new Response(null, { status: 204, headers });
      const bytes = identiconPng(user.picture);
      const etag = createHash('md5').update(bytes).digest('hex');
      const modified = httpDate(String(user.date_mod ?? user.date_creation ?? '1970-01-01 00:00:00')) ?? new Date(0).toUTCString();
      const h = new Headers(headers);
      h.set('Last-Modified', modified);
      h.set('Etag', etag);
      h.set('Cache-Control', 'private');
      const ifNoneMatch = header(c, 'if-none-match');
      const ifModifiedSince = header(c, 'if-modified-since');
      if (ifNoneMatch !== undefined ? ifNoneMatch.trim() === etag : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= Date.parse(modified)) {
        return new Response(null, { status: 304, headers: h });
      }
      const name = user.picture;
      h.set('Content-Disposition', `inline; filename="${name.replace(/"/g, '\\"')}"; filename*=utf-8''${encodeURIComponent(name)}`);
      h.set('Content-Type', sniffMime(bytes));
      return new Response(new Uint8Array(bytes), { status: 200, headers: h });
    } catch (e) {
      if (e instanceof ApiError) return errorResponse(c, verb, e, req.apiUrl);
      throw e;
    }
  }
}

/** A read's answer with its body already encoded. */
type EncodedReply = Reply & { text: string };

/** Request headers besides the session token that a read's answer depends on (by value; `origin` by presence). */
const KEYED_HEADERS = new Set(['app-token', 'authorization', 'content-type', 'origin']);
const KEYED_HEADER_LENGTHS = new Set([...KEYED_HEADERS, 'session-token', 'content-length', 'transfer-encoding'].map((h) => h.length));

/** A GET's response as sent, with what it was computed from. */
interface Repeat {
  session: Session;
  state: SessionState;
  second?: number;
  /** The answer's text (the answer cache's own string), or a large one's bytes (`answerBody`). */
  body: AnswerBody;
  status: number;
  headers: Record<string, string>;
}

/** The session's state an answer depends on (as in the answer cache's key), copied. */
type SessionState = Pick<Session, 'userId' | 'profileId' | 'activeEntity' | 'activeRecursive' | 'activeEntities' | 'parentEntities' | 'listLimit'>;

function sessionState(s: Session): SessionState {
  return { userId: s.userId, profileId: s.profileId, activeEntity: s.activeEntity, activeRecursive: s.activeRecursive, activeEntities: [...s.activeEntities], parentEntities: [...s.parentEntities], listLimit: s.listLimit };
}

const sameList = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function sameState(s: Session, t: SessionState): boolean {
  return (
    s.userId === t.userId &&
    s.profileId === t.profileId &&
    s.activeEntity === t.activeEntity &&
    s.activeRecursive === t.activeRecursive &&
    s.listLimit === t.listLimit &&
    sameList(s.activeEntities, t.activeEntities) &&
    sameList(s.parentEntities, t.parentEntities)
  );
}

const KNOWN_RESOURCES = new Set([
  'initSession',
  'killSession',
  'changeActiveEntities',
  'getMyEntities',
  'getActiveEntities',
  'changeActiveProfile',
  'getMyProfiles',
  'getActiveProfile',
  'getFullSession',
  'getGlpiConfig',
  'listSearchOptions',
  'getMultipleItems',
  'search',
  'lostPassword',
]);

