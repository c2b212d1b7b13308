/**
 * @module The answer to a request Node's HTTP parser refuses before Fastify sees it: a
 * malformed request line, headers past the size limit, a target too long, a timeout. It is
 * written straight to the socket as a well-formed HTTP/1.1 response with the usual
 * `{code, message, details}` body (English: the request's language cannot be trusted when its
 * bytes cannot be parsed), and never repeats any of the bytes that were sent.
 */
import type { Socket } from "node:net";
import type { ConnectionError } from "fastify";
import { errorBody, httpStatusFor } from "./http-errors.js";

const REASONS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  408: "Request Timeout",
  414: "URI Too Long",
  431: "Request Header Fields Too Large",
};

/** Half of Node's 16 KiB header limit: a request line this long is a target too long. */
const LONG_LINE = 8192;

/** The code for a parser error: its Node code (`HPE_*`, `ERR_HTTP_*`), and the bytes read. */
export function clientErrorCode(
  nodeCode: string | undefined,
  rawPacket: unknown,
): { code: string; details: Record<string, unknown> } {
  if (nodeCode === "HPE_HEADER_OVERFLOW") {
    // Node counts the request line among the headers: when the line is itself longer than
    // half the limit (or has not ended), it was the target that was too long.
    const lineEnd = Buffer.isBuffer(rawPacket) ? rawPacket.indexOf("\r\n") : -1;
    return lineEnd >= 0 && lineEnd <= LONG_LINE
      ? { code: "REQUEST_HEADERS_TOO_LARGE", details: {} }
      : { code: "REQUEST_URI_TOO_LONG", details: {} };
  }
  if (nodeCode === "ERR_HTTP_REQUEST_TIMEOUT" || nodeCode === "HPE_TIMEOUT")
    return { code: "REQUEST_TIMEOUT", details: {} };
  return { code: "REQUEST_INVALID", details: { problem: "http" } };
}

/** Answers and closes a connection whose request Node could not parse. */
export function answerClientError(
  error: ConnectionError,
  socket: Socket,
): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const { code, details } = clientErrorCode(
    error.code,
    error.rawPacket as unknown,
  );
  const status = httpStatusFor(code);
  const body = JSON.stringify(errorBody("en", code, details));
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? "Bad Request"}\r\n` +
      "content-type: application/json; charset=utf-8\r\n" +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      "cache-control: no-store\r\n" +
      "x-content-type-options: nosniff\r\n" +
      "connection: close\r\n\r\n" +
      body,
  );
}
