/**
 * Errors under attack, against a real `kenges serve` over raw TCP: whatever arrives — a 20 kB
 * target, a request line no client writes, 20 kB of headers, bad JSON, the wrong content
 * type, an unknown path or method, a body past its route's limit — the answer is a JSON
 * `{code, message, details}` with a stable code, and none of the attacker's bytes come back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RawAnswer, rawRequest } from "./support/raw-client.js";
import { type ServedHub, serveDemo } from "./support/serve-demo-process.js";

/** What the attacker hopes to see reflected: a marker and a script. */
const MARK = "Zq9MARK<script>alert(1)</script>";

let hub: ServedHub;
beforeAll(async () => {
  hub = await serveDemo();
}, 120_000);
afterAll(async () => {
  await hub?.stop();
});

function request(lines: string, body = ""): Promise<RawAnswer> {
  return rawRequest(
    hub.port,
    `${lines}\r\nHost: 127.0.0.1:${hub.port}\r\nConnection: close\r\n${
      body === "" ? "" : `Content-Length: ${Buffer.byteLength(body)}\r\n`
    }\r\n${body}`,
  );
}

/** The answer is a coded JSON error with this status and code, and repeats nothing sent. */
function expectCodedError(answer: RawAnswer, status: number, code: string) {
  expect(answer.status, answer.raw).toBe(status);
  expect(answer.headers["content-type"]).toMatch(/^application\/json/);
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["code", "details", "message"]);
  expect(body.code).toBe(code);
  expect(typeof body.message).toBe("string");
  expect((body.message as string).length).toBeGreaterThan(0);
  for (const piece of ["Zq9MARK", "<script", "alert(1)"])
    expect(answer.raw.toLowerCase()).not.toContain(piece.toLowerCase());
  return body;
}

describe("the hub's errors under attack", () => {
  it("a 20 kB request target: 414 REQUEST_URI_TOO_LONG, from Node's parser", async () => {
    const path = `/api/${encodeURIComponent(MARK).repeat(500)}`;
    expect(path.length).toBeGreaterThan(20_000);
    expectCodedError(
      await rawRequest(hub.port, `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`),
      414,
      "REQUEST_URI_TOO_LONG",
    );
  });

  it("a 5 kB request target: 414 REQUEST_URI_TOO_LONG, from the hub's own limit", async () => {
    const path = `/api/bodies?x=${encodeURIComponent(MARK).repeat(100)}`;
    expect(path.length).toBeGreaterThan(4_096);
    expectCodedError(
      await request(`GET ${path} HTTP/1.1`),
      414,
      "REQUEST_URI_TOO_LONG",
    );
  });

  it("20 kB of headers: 431 REQUEST_HEADERS_TOO_LARGE", async () => {
    const headers = Array.from(
      { length: 400 },
      (_, i) => `X-Evil-${i}: ${MARK}${MARK}`,
    ).join("\r\n");
    expectCodedError(
      await rawRequest(
        hub.port,
        `GET /api/hub HTTP/1.1\r\nHost: x\r\n${headers}\r\n\r\n`,
      ),
      431,
      "REQUEST_HEADERS_TOO_LARGE",
    );
  });

  it.each([
    [
      "a request line with a control byte",
      `GET /${MARK}\u0001 HTTP/1.1\r\nHost: x\r\n\r\n`,
    ],
    ["no request line at all", `${MARK}\r\n\r\n`],
    ["an unknown protocol", `GET /api/hub KENGES/${MARK}\r\nHost: x\r\n\r\n`],
    ["a header without a colon", `GET /api/hub HTTP/1.1\r\n${MARK}\r\n\r\n`],
    [
      "a length that is no number",
      `POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Length: ${MARK}\r\n\r\n`,
    ],
  ])("%s: 400 REQUEST_INVALID (problem http)", async (_, bytes) => {
    const body = expectCodedError(
      await rawRequest(hub.port, bytes),
      400,
      "REQUEST_INVALID",
    );
    expect(body.details).toEqual({ problem: "http" });
  });

  it("bad JSON: 400 REQUEST_INVALID (problem json), the parser's quote of it dropped", async () => {
    const body = expectCodedError(
      await request(
        "POST /api/events HTTP/1.1\r\nContent-Type: application/json",
        `{"events": ["${MARK}`,
      ),
      400,
      "REQUEST_INVALID",
    );
    expect(body.details).toEqual({ problem: "json" });
  });

  it("a field the schema does not know: 400 REQUEST_INVALID, the field's name not repeated", async () => {
    expectCodedError(
      await request(
        "POST /api/auth/session HTTP/1.1\r\nContent-Type: application/json",
        JSON.stringify({ [MARK]: MARK, key: MARK }),
      ),
      400,
      "REQUEST_INVALID",
    );
  });

  it("the wrong content type: 415 REQUEST_MEDIA_TYPE_UNSUPPORTED", async () => {
    expectCodedError(
      await request(
        `POST /api/events HTTP/1.1\r\nContent-Type: text/${MARK.replace(/[<>()/]/g, "")}`,
        MARK,
      ),
      415,
      "REQUEST_MEDIA_TYPE_UNSUPPORTED",
    );
  });

  it("an unknown path or method: 404 ROUTE_NOT_FOUND without the path", async () => {
    const unknown = expectCodedError(
      await request(`GET /api/${encodeURIComponent(MARK)} HTTP/1.1`),
      404,
      "ROUTE_NOT_FOUND",
    );
    expect(unknown.details).toEqual({});
    expectCodedError(
      await request(`DELETE /api/events?${encodeURIComponent(MARK)} HTTP/1.1`),
      404,
      "ROUTE_NOT_FOUND",
    );
  });

  it("a body past its route's limit: 413 REQUEST_TOO_LARGE naming that route's limit", async () => {
    // Sign-in takes 4 kB; the hub's general limit (1 MiB) is not what refused it.
    const body = expectCodedError(
      await request(
        "POST /api/auth/session HTTP/1.1\r\nContent-Type: application/json",
        JSON.stringify({ key: MARK.repeat(200) }),
      ),
      413,
      "REQUEST_TOO_LARGE",
    );
    expect(body.details).toEqual({ limit: 4096 });
  });

  it("the hub still answers after all of it", async () => {
    const answer = await request("GET /api/hub HTTP/1.1");
    expect(answer.status).toBe(200);
  });
});
