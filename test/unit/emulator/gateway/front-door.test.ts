/**
 * Who may reach the emulator: the Host names it answers to (DNS rebinding)
 * and the browser requests it lets in (Origin, Sec-Fetch-Site).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { foreignOrigin, hostRefusal, hostnameOf, isLoopbackAddress, originRefusal } from "../../../../src/emulator/gateway/front-door.js";

describe("front door: Host", () => {
  const loopbackOnly = { hosts: [], corsOrigins: [] };

  it("answers to loopback names and addresses, with or without a port", () => {
    for (const host of ["localhost", "localhost:4566", "LOCALHOST:4566", "bucket.localhost:4566", "127.0.0.1:4566", "127.1.2.3", "[::1]:4566", "[::ffff:127.0.0.1]:80"]) {
      assert.equal(hostRefusal(host, loopbackOnly), undefined, host);
    }
  });

  it("refuses every other name, a missing Host, and look-alikes", () => {
    for (const host of [undefined, "", "evil.example:4566", "localhost.evil.example", "127.0.0.1.evil.example", "10.0.0.5:4566", "[::2]:4566", "0.0.0.0:4566"]) {
      assert.ok(hostRefusal(host, loopbackOnly), String(host));
    }
    assert.match(hostRefusal("evil.example:4566", loopbackOnly)!, /Host "evil\.example:4566" is not an address of this emulator.*--host/);
  });

  it("answers to the --host given, and subdomains of a name (virtual-hosted buckets), not of an address", () => {
    const named = { hosts: ["devbox.lan", "10.0.0.5"], corsOrigins: [] };
    for (const host of ["devbox.lan:4566", "bucket.devbox.lan", "10.0.0.5:4566"]) assert.equal(hostRefusal(host, named), undefined, host);
    for (const host of ["x.10.0.0.5", "devbox.lan.evil.example"]) assert.ok(hostRefusal(host, named), host);
  });

  it("reads host names out of Host headers", () => {
    assert.equal(hostnameOf("Example.COM:80"), "example.com");
    assert.equal(hostnameOf("[::1]:4566"), "::1");
    assert.equal(hostnameOf("localhost"), "localhost");
    assert.equal(isLoopbackAddress("127.0.0.1"), true);
    assert.equal(isLoopbackAddress("128.0.0.1"), false);
  });
});

describe("front door: browsers", () => {
  it("lets through requests no browser marks, and URLs pasted into the address bar", () => {
    const policy = { hosts: [], corsOrigins: [] };
    assert.equal(originRefusal({}, policy), undefined);
    assert.equal(originRefusal({ "sec-fetch-site": "none" }, policy), undefined);
    assert.equal(originRefusal({ "sec-fetch-site": "same-origin" }, policy), undefined);
  });

  it("refuses pages of other origins unless --cors-origin names them", () => {
    const policy = { hosts: [], corsOrigins: ["http://localhost:3000"] };
    assert.match(originRefusal({ origin: "http://evil.example" }, policy)!, /http:\/\/evil\.example.*--cors-origin/);
    assert.ok(originRefusal({ origin: "null" }, policy), "sandboxed frames and file: pages send Origin: null");
    assert.ok(originRefusal({ "sec-fetch-site": "cross-site" }, policy), "a no-cors request without Origin");
    assert.equal(originRefusal({ origin: "http://localhost:3000" }, policy), undefined);
    assert.equal(foreignOrigin({ "sec-fetch-site": "cross-site", referer: "http://localhost:3000/app?x=1" }), "http://localhost:3000");
    assert.equal(originRefusal({ "sec-fetch-site": "same-site", referer: "http://localhost:3000/app" }, policy), undefined);
  });
});
