import { describe, expect, it } from "vitest";
import type { QbittorrentSettings } from "@/settings/types";
import { FakeApi } from "./support/fakeApi";
import { settle } from "./support/mountApp";
import { mountSettings } from "./support/settingsRecorded";

const QBITTORRENT = "/api/v1/settings/qbittorrent";

const onTheNas: QbittorrentSettings = {
  configured: true,
  url: "http://nas.maison:8090",
  username: "admin",
  password: "set",
  category: "plex-kiosk",
  save_path: null,
  path_mappings: [{ qbittorrent_path: "/share/Download", local_path: "/data/downloads" }],
};

describe("qBittorrent's folder mappings", () => {
  it("shows the stored mapping, lets a parent add one and sends both", async () => {
    const api = new FakeApi()
      .on("GET", QBITTORRENT, { status: 200, body: onTheNas })
      .on("PUT", QBITTORRENT, { status: 200, body: onTheNas })
      .install();
    const { wrapper } = await mountSettings("/admin/settings/qbittorrent");
    expect(wrapper.text()).toContain("Correspondance des dossiers");
    const stored = wrapper.findAll(".mapping-row input").map((i) => (i.element as HTMLInputElement).value);
    expect(stored).toEqual(["/share/Download", "/data/downloads"]);

    await wrapper.get(".add-mapping").trigger("click");
    await settle();
    const inputs = wrapper.findAll(".mapping-row input");
    await inputs[2]!.setValue("D:\\Torrents");
    await inputs[3]!.setValue("/mnt/windows");
    await wrapper.get("form").trigger("submit");
    await settle();

    const sent = api.callsTo("PUT", QBITTORRENT)[0]!.body as { path_mappings: unknown; password?: unknown };
    expect(sent.path_mappings).toEqual([
      { qbittorrent_path: "/share/Download", local_path: "/data/downloads" },
      { qbittorrent_path: "D:\\Torrents", local_path: "/mnt/windows" },
    ]);
    expect(sent.password).toBeUndefined();
  });
});
