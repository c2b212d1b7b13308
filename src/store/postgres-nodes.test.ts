import { describe, expect, it } from "vitest";
import { postgresNodeUrls } from "./postgres-nodes.js";

describe("postgresNodeUrls", () => {
  it("splits the URL pg_autoctl prints into one URL per node, dropping target_session_attrs", () => {
    expect(
      postgresNodeUrls(
        "postgres://kenges:pw@10.0.0.1:5432,10.0.0.2:5433/kenges?target_session_attrs=read-write&sslmode=require",
      ),
    ).toEqual([
      "postgres://kenges:pw@10.0.0.1:5432/kenges?sslmode=require",
      "postgres://kenges:pw@10.0.0.2:5433/kenges?sslmode=require",
    ]);
  });

  it("keeps a one-node URL as it is, a bracketed IPv6 node, and a Unix socket given as a parameter", () => {
    expect(postgresNodeUrls("postgres://postgres@127.0.0.1:5432/test")).toEqual(
      ["postgres://postgres@127.0.0.1:5432/test"],
    );
    expect(postgresNodeUrls("postgresql://a,[::1]:6000/db")).toEqual([
      "postgresql://a/db",
      "postgresql://[::1]:6000/db",
    ]);
    expect(postgresNodeUrls("postgres:///db?host=/run/postgresql")).toEqual([
      "postgres:///db?host=/run/postgresql",
    ]);
  });

  it("drops a query left empty and keeps a fragment", () => {
    expect(
      postgresNodeUrls("postgres://a,b/db?target_session_attrs=any#x"),
    ).toEqual(["postgres://a/db#x", "postgres://b/db#x"]);
  });

  it("refuses another scheme, an empty node and a port out of range", () => {
    expect(postgresNodeUrls("mysql://a/db")).toBeNull();
    expect(postgresNodeUrls("postgres://a,,b/db")).toBeNull();
    expect(postgresNodeUrls("postgres://a:70000/db")).toBeNull();
    expect(postgresNodeUrls("postgres://a:0/db")).toBeNull();
  });
});
