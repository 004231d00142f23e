import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

const h = (xff?: string) => new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });

describe("clientAddress", () => {
  it("takes the hop nearest to this server, ignoring what the client claimed further left", () => {
    expect(clientAddress(h("203.0.113.9"))).toBe("203.0.113.9");
    expect(clientAddress(h("1.2.3.4, 198.51.100.7"))).toBe("198.51.100.7");
    expect(clientAddress(h("::ffff:127.0.0.1"))).toBe("127.0.0.1");
    expect(clientAddress(h("2001:DB8::1"))).toBe("2001:db8::1");
  });

  it("puts anything that is not an address into one bucket", () => {
    expect(clientAddress(h())).toBe("unknown");
    expect(clientAddress(h("evil'; drop table"))).toBe("unknown");
  });
});
