/**
 * The OpenAPI document is served, well-formed, describes exactly the routes the hub has, and
 * carries each answer's schema as written in zod (every test's hub parses every answer
 * against it: support/hub-fixture.ts builds the app with `checkAnswers`).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { get, type HubFixture, makeHub } from "./support/hub-fixture.js";

let f: HubFixture;
beforeAll(async () => {
  f = await makeHub();
});
afterAll(() => f.close());

interface Operation {
  operationId: string;
  responses: Record<
    string,
    {
      content?: Record<
        string,
        { schema: { $ref?: string; type?: string; properties?: object } }
      >;
    }
  >;
  parameters: { name: string; in: string }[];
}

it("is OpenAPI 3.1 with an operation per route, unique ids, and the error schema on every error", async () => {
  const r = await get(f.app, "/api/openapi.json");
  expect(r.statusCode).toBe(200);
  const doc = r.json() as {
    openapi: string;
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: { Error: unknown } };
  };
  expect(doc.openapi).toBe("3.1.0");
  expect(doc.components.schemas.Error).toBeDefined();
  const ids = new Set<string>();
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      expect(ids.has(op.operationId), op.operationId).toBe(false);
      ids.add(op.operationId);
      const url = path.replace(/\{(\w+)\}/g, ":$1");
      expect(
        f.app.hasRoute({ method: method.toUpperCase() as "GET", url }),
        `${method} ${path}`,
      ).toBe(true);
      for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))
        expect(
          op.parameters.some((p) => p.in === "path" && p.name === name),
        ).toBe(true);
      for (const [status, resp] of Object.entries(op.responses))
        if (Number(status) >= 400)
          expect(resp.content?.["application/json"]?.schema.$ref).toBe(
            "#/components/schemas/Error",
          );
        else if (path.endsWith(".html"))
          // A page, not data: the document names its media type and a string.
          expect(
            resp.content?.["text/html; charset=utf-8"]?.schema.type,
            `${method} ${path} ${status}`,
          ).toBe("string");
        else if (path !== "/api/live" && path !== "/api/openapi.json")
          expect(
            resp.content?.["application/json"]?.schema.properties,
            `${method} ${path} ${status}`,
          ).toBeDefined();
    }
  expect(Object.keys(doc.paths).sort()).toEqual(
    [
      "/api/auth/challenge",
      "/api/auth/session",
      "/api/bodies/{id}",
      "/api/bodies/{id}/door",
      "/api/bodies/{id}/meetings",
      "/api/bodies/{id}/plan",
      "/api/calls",
      "/api/calls/{id}",
      "/api/delegates/{id}",
      "/api/demands",
      "/api/demands/{id}",
      "/api/events",
      "/api/events/{id}",
      "/api/federation",
      "/api/health",
      "/api/heads",
      "/api/hub",
      "/api/live",
      "/api/me",
      "/api/me/waiting",
      "/api/meetings/{id}",
      "/api/meetings/{id}/door",
      "/api/meetings/{id}/minutes",
      "/api/meetings/{id}/minutes.html",
      "/api/meetings/{id}/pass",
      "/api/members/{id}",
      "/api/motions/{id}",
      "/api/motions/{id}/close-draft",
      "/api/openapi.json",
      "/api/scopes/{id}/events",
      "/api/search",
      "/api/state",
    ].sort(),
  );
});

it("answers every error in the documented shape", async () => {
  for (const url of [
    "/api/me",
    "/api/bodies/xyz",
    `/api/motions/${"0".repeat(64)}`,
    "/api/nowhere",
  ]) {
    const body = (await get(f.app, url)).json();
    expect(Object.keys(body).sort()).toEqual(["code", "details", "message"]);
    expect(body.message).not.toMatch(/at .*\.ts:\d+/);
  }
});

it("describes the body view's fields from its zod schema", async () => {
  const doc = (await get(f.app, "/api/openapi.json")).json();
  const schema =
    doc.paths["/api/bodies/{id}"].get.responses["200"].content[
      "application/json"
    ].schema;
  for (const field of [
    "memberList",
    "delegations",
    "audit",
    "pending",
    "council",
  ])
    expect(Object.keys(schema.properties)).toContain(field);
  const heads = doc.paths["/api/heads"].get.parameters.map(
    (p: { name: string; in: string }) => `${p.in}:${p.name}`,
  );
  expect(heads).toContain("query:scope");
});
