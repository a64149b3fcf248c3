/**
 * The gateway's own HTTP/1.1 connection handling for the requests AWS clients
 * send all day: keep-alive, a Content-Length body (or none), an answer
 * written in one go. Node's HTTP server costs several times more per
 * request than the operations themselves, so these skip it. Anything else
 * (chunked bodies, Expect: 100-continue, upgrades, HTTP/1.0, repeated
 * headers, anything malformed, and the raw routes that need Node's request
 * and response objects) hands the connection to Node's HTTP server for the
 * rest of its life, with the bytes already read put back in front.
 */
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";

/** A request head this module accepted; `headers` are lower-cased and single-valued, as Node gives them. */
export interface RequestHead {
  method: string;
  /** The request target as sent: path and query. */
  target: string;
  headers: Record<string, string>;
  contentLength: number;
  /** The client asked for the connection to close after this answer. */
  closeAfter: boolean;
}

/** An answer ready to write. */
export interface Answer {
  status: number;
  /** Written in order; names as given. */
  headers: Record<string, string | number>;
  body: Buffer | string | undefined;
  /** Send `Connection: close` (unless a header already speaks of the connection) and close once written. */
  closeConnection?: boolean;
}

export interface ConnectionHandler {
  /** The request's URL when this connection may answer it; undefined when it needs Node's request and response objects (raw routes). */
  route(head: RequestHead): URL | undefined;
  /** Answers one request; undefined when the connection was dropped instead (injected faults). */
  answer(head: RequestHead, url: URL, body: Buffer, connection: HttpConnection): Promise<Answer | undefined>;
  /** The answer when answering failed unexpectedly (Node's server would have thrown). */
  failed(error: unknown): Answer;
  /** Gives the connection's socket to Node's HTTP server, which reads `unread` first. */
  handOver(connection: HttpConnection, unread: Buffer | undefined): void;
}

/** Node's own limits (http.maxHeaderSize, server.maxHeadersCount); beyond them Node answers 431. */
const MAX_HEAD_BYTES = 16 * 1024;
const MAX_HEADERS = 2000;
/** Bodies above this stream through Node's HTTP server instead of being gathered here. */
const MAX_GATHERED_BODY_BYTES = 8 * 1024 * 1024;
const HEAD_END = Buffer.from("\r\n\r\n");
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]);
/** Header names are tokens (RFC 9110); values hold no control characters but tab (CR and LF only end lines). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const CONTROL_CHARACTER = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
const FORBIDDEN_IN_TARGET = /[^\x21-\x7e]/;
/** Headers whose mere presence asks for something only Node's server does. */
const NODE_ONLY_HEADERS = new Set(["transfer-encoding", "expect", "upgrade"]);

/**
 * Parses a request head (without its final blank line). Undefined for
 * anything this module leaves to Node's HTTP server.
 */
export function parseRequestHead(text: string): RequestHead | undefined {
  if (CONTROL_CHARACTER.test(text)) return undefined;
  const lines = text.split("\r\n");
  // A CR or LF that is not part of a CRLF line end.
  if (occurrences(text, "\r") !== lines.length - 1 || occurrences(text, "\n") !== lines.length - 1) return undefined;
  const requestLine = lines[0]!.split(" ");
  if (requestLine.length !== 3) return undefined;
  const [method, target, version] = requestLine as [string, string, string];
  if (!METHODS.has(method) || version !== "HTTP/1.1") return undefined;
  if (!target.startsWith("/") || FORBIDDEN_IN_TARGET.test(target)) return undefined;
  if (lines.length - 1 > MAX_HEADERS) return undefined;
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(":");
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon).toLowerCase();
    if (!TOKEN.test(name) || NODE_ONLY_HEADERS.has(name)) return undefined;
    headers[name] = trimWhitespace(line.slice(colon + 1));
  }
  // Fewer names than lines: a repeated header (Node's merging rules then apply), or one named "__proto__".
  if (Object.keys(headers).length !== lines.length - 1) return undefined;
  const length = headers["content-length"];
  if (length !== undefined && !/^\d{1,15}$/.test(length)) return undefined;
  const connection = headers["connection"]?.toLowerCase();
  return {
    method,
    target,
    headers,
    contentLength: length === undefined ? 0 : Number(length),
    closeAfter: connection !== undefined && connection.split(",").some((token) => token.trim() === "close"),
  };
}

function occurrences(text: string, character: string): number {
  let count = 0;
  for (let at = text.indexOf(character); at !== -1; at = text.indexOf(character, at + 1)) count++;
  return count;
}

/** Leading and trailing spaces and tabs, as HTTP parsers strip them (not every Unicode space). */
function trimWhitespace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && (value.charCodeAt(start) === 32 || value.charCodeAt(start) === 9)) start++;
  while (end > start && (value.charCodeAt(end - 1) === 32 || value.charCodeAt(end - 1) === 9)) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/** Header names and values Node's HTTP server would refuse to write (ERR_INVALID_HTTP_TOKEN / ERR_INVALID_CHAR). */
const INVALID_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * The status line and headers, as Node's ServerResponse writes them: the
 * given headers in order, then Connection and Keep-Alive unless a given
 * header already speaks of the connection.
 */
export function responseHead(answer: Answer, keepAliveSeconds: number, closing: boolean): string {
  let head = `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? "unknown"}\r\n`;
  let connectionGiven = false;
  for (const name in answer.headers) {
    const value = String(answer.headers[name]);
    if (!TOKEN.test(name)) throw new TypeError(`Header name must be a valid HTTP token ["${name}"]`);
    if (INVALID_HEADER_VALUE.test(value)) throw new TypeError(`Invalid character in header content ["${name}"]`);
    if (name.length === 10 && name.toLowerCase() === "connection") connectionGiven = true;
    head += `${name}: ${value}\r\n`;
  }
  if (!connectionGiven) head += closing ? "Connection: close\r\n" : `Connection: keep-alive\r\nKeep-Alive: timeout=${keepAliveSeconds}\r\n`;
  return `${head}\r\n`;
}

/** Statuses that never carry a body (Node drops what is passed for them). */
function statusHasBody(status: number): boolean {
  return status !== 204 && status !== 304 && (status < 100 || status > 199);
}

export interface ConnectionTimeouts {
  /** An idle connection between requests closes after this long. */
  keepAliveMs: number;
  /** A request head that does not complete within this long closes the connection. */
  headersMs: number;
}

/**
 * One client connection. Pipelined requests are answered concurrently, as
 * Node's server does (a SendMessage behind a long poll can end that poll),
 * and their answers are written in the order the requests came.
 */
export class HttpConnection {
  /** Bytes received and not yet taken as a request. */
  private unread: Buffer[] = [];
  private unreadBytes = 0;
  /** The head of a request whose body is still arriving. */
  private waitingHead: { head: RequestHead; url: URL; headBytes: number } | undefined;
  /** Requests taken and not yet answered on the wire. */
  private unanswered = 0;
  /** Settles once every answer taken so far is written (they are written in request order). */
  private written: Promise<void> = Promise.resolve();
  /** A request that closes the connection was taken: nothing after it is read. */
  private closing = false;
  /** Node's server takes over once the answers already under way are written. */
  private handingOver = false;
  private clientEnded = false;
  private handedOver = false;
  /** When bytes last came or an answer last went, for the keep-alive timeout. */
  private lastActivity = Date.now();
  private abortOnClose: AbortController | undefined;

  constructor(
    readonly socket: Socket,
    private readonly handler: ConnectionHandler,
    private readonly timeouts: ConnectionTimeouts,
  ) {
    socket.on("data", this.onData);
    socket.on("end", this.onEnd);
    socket.on("error", this.onError);
  }

  /** Aborted when the client goes away: a long poll in progress must then take nothing. */
  get disconnected(): AbortSignal {
    if (!this.abortOnClose) {
      this.abortOnClose = new AbortController();
      if (this.clientEnded || this.socket.destroyed) this.abortOnClose.abort();
      else this.socket.once("close", () => this.abortOnClose!.abort());
    }
    return this.abortOnClose.signal;
  }

  /** Drops the connection without an answer. */
  drop(): void {
    this.socket.destroy();
  }

  /**
   * Whether the connection has waited too long, by Node's server's rules: idle
   * between requests past the keep-alive timeout, or stuck inside a request
   * head past the headers timeout. A request being answered, or a body still
   * arriving, never expires.
   */
  expired(now: number): boolean {
    if (this.unanswered > 0 || this.waitingHead) return false;
    const waited = now - this.lastActivity;
    return this.unreadBytes > 0 ? waited >= this.timeouts.headersMs : waited >= this.timeouts.keepAliveMs;
  }

  private readonly onData = (chunk: Buffer): void => {
    this.unread.push(chunk);
    this.unreadBytes += chunk.length;
    this.lastActivity = Date.now();
    this.takeRequests();
  };

  /** As Node's server does: a client that ends its side has given up on answers still to come. */
  private readonly onEnd = (): void => {
    this.clientEnded = true;
    this.abortOnClose?.abort();
    this.socket.end();
  };

  private readonly onError = (): void => {
    this.socket.destroy();
  };

  /** Takes every complete request off the unread bytes and starts answering it. */
  private takeRequests(): void {
    while (!this.handedOver && !this.handingOver && !this.closing && !this.socket.destroyed) {
      if (!this.waitingHead) {
        if (this.unreadBytes === 0) return;
        const bytes = this.joinUnread();
        const end = bytes.indexOf(HEAD_END);
        if (end === -1) {
          if (bytes.length > MAX_HEAD_BYTES) this.handOverWhenAnswered();
          return;
        }
        const head = end <= MAX_HEAD_BYTES ? parseRequestHead(bytes.toString("latin1", 0, end)) : undefined;
        const url = head && head.contentLength <= MAX_GATHERED_BODY_BYTES ? this.routeOf(head) : undefined;
        if (!head || !url) {
          this.handOverWhenAnswered();
          return;
        }
        this.waitingHead = { head, url, headBytes: end + HEAD_END.length };
      }
      const { head, url, headBytes } = this.waitingHead;
      if (this.unreadBytes < headBytes + head.contentLength) return;
      const bytes = this.joinUnread();
      const bodyEnd = headBytes + head.contentLength;
      const body = bytes.subarray(headBytes, bodyEnd);
      this.waitingHead = undefined;
      this.unread = bodyEnd < bytes.length ? [bytes.subarray(bodyEnd)] : [];
      this.unreadBytes = bytes.length - bodyEnd;
      this.start(head, url, body);
    }
  }

  /** A request the handler cannot place goes to Node's server, whose answer to it is then the one the client gets. */
  private routeOf(head: RequestHead): URL | undefined {
    try {
      return this.handler.route(head);
    } catch {
      return undefined;
    }
  }

  private joinUnread(): Buffer {
    if (this.unread.length > 1) this.unread = [Buffer.concat(this.unread, this.unreadBytes)];
    return this.unread[0]!;
  }

  private start(head: RequestHead, url: URL, body: Buffer): void {
    if (head.closeAfter) this.closing = true;
    const answering = this.answer(head, url, body);
    const sendWhenAnswered = (answer: Answer | undefined) => this.sendSafely(head, answer);
    // With nothing else under way the answer goes out as soon as it is ready; otherwise after the ones before it.
    this.written = this.unanswered++ === 0 ? answering.then(sendWhenAnswered) : this.written.then(() => answering).then(sendWhenAnswered);
  }

  private async answer(head: RequestHead, url: URL, body: Buffer): Promise<Answer | undefined> {
    try {
      return await this.handler.answer(head, url, body, this);
    } catch (error) {
      return this.handler.failed(error);
    }
  }

  private sendSafely(head: RequestHead, answer: Answer | undefined): void {
    try {
      this.send(head, answer);
    } catch {
      // Nothing sensible can be written any more on this connection.
      this.socket.destroy();
    }
  }

  private send(head: RequestHead, answer: Answer | undefined): void {
    this.unanswered--;
    this.lastActivity = Date.now();
    if (answer && this.socket.writable) {
      const closing = head.closeAfter || answer.closeConnection === true;
      let text: string;
      try {
        text = responseHead(answer, this.timeouts.keepAliveMs / 1000, closing);
      } catch (error) {
        answer = this.handler.failed(error);
        text = responseHead(answer, this.timeouts.keepAliveMs / 1000, closing);
      }
      this.write(head, text, answer);
      if (closing) {
        this.closing = true;
        this.socket.end();
        return;
      }
    }
    if (this.handingOver && this.unanswered === 0) this.handOver();
  }

  private write(head: RequestHead, text: string, answer: Answer): void {
    const { body } = answer;
    const withBody = head.method !== "HEAD" && statusHasBody(answer.status) && body !== undefined && body.length > 0;
    if (!withBody) {
      this.socket.write(text, "latin1");
    } else if (typeof body === "string") {
      // Node writes a string body together with its head, both as UTF-8.
      this.socket.write(text + body, "utf8");
    } else {
      this.socket.cork();
      this.socket.write(text, "latin1");
      this.socket.write(body);
      this.socket.uncork();
    }
  }

  /** Node's server answers from the current request on, once the answers before it are written. */
  private handOverWhenAnswered(): void {
    this.handingOver = true;
    if (this.unanswered === 0) this.handOver();
  }

  private handOver(): void {
    this.handedOver = true;
    if (this.socket.destroyed) return;
    this.socket.off("data", this.onData);
    this.socket.off("end", this.onEnd);
    this.socket.off("error", this.onError);
    const unread = this.unreadBytes > 0 ? this.joinUnread() : undefined;
    this.unread = [];
    this.unreadBytes = 0;
    this.handler.handOver(this, unread);
  }
}
