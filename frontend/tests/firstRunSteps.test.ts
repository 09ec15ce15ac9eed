import { describe, expect, it } from "vitest";
import type { VueWrapper } from "@vue/test-utils";
import { FakeApi } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";
import { recorded } from "./support/recorded";
import { mountSettings, settingsRecorded } from "./support/settingsRecorded";

const S = "/api/v1/settings";

async function press(wrapper: VueWrapper, label: string): Promise<void> {
  const found = wrapper.findAll("button, a").find((b) => b.text() === label);
  if (!found) throw new Error(`no button "${label}" in: ${wrapper.text()}`);
  await found.trigger("click");
  await settle();
}

function step(wrapper: VueWrapper): string {
  return wrapper.get(".first-run-step").text();
}

/** Every Settings answer the steps ask for, as the real API gave them on a fresh install. */
function freshHouse(): FakeApi {
  return new FakeApi()
    .on("GET", `${S}/plex`, settingsRecorded.plexUnset)
    .on("POST", `${S}/plex/test`, settingsRecorded.plexTestOk)
    .on("PUT", `${S}/plex`, settingsRecorded.plexPut)
    .on("GET", `${S}/qbittorrent`, settingsRecorded.qbittorrentUnset)
    .on("GET", `${S}/indexers`, settingsRecorded.indexersEmpty)
    .on("GET", `${S}/tmdb`, settingsRecorded.tmdbUnset)
    .on("GET", `${S}/folders`, settingsRecorded.folders)
    .on("PUT", `${S}/folders`, settingsRecorded.foldersPut)
    .on("POST", `${S}/checkup`, settingsRecorded.checkup);
}

describe("the first run sets up the house", () => {
  it("walks from the parents' profile through each service, skipping some, to a summary like the doctor's", async () => {
    const api = freshHouse()
      .on("GET", "/api/v1/auth/session", recorded.sessionNeedsSetup, recorded.sessionAdmin)
      .on("POST", "/api/v1/auth/setup", recorded.setup201)
      .install();
    await import("@/settings/FirstRunPage.vue"); // fetched ahead, as a warm kiosk has it
    const { wrapper, router } = await mountApp("/");
    await wrapper.get("input[type=text]").setValue("Papa");
    await wrapper.get("input[name=secret]").setValue("2468");
    await wrapper.get("input[name=confirmation]").setValue("2468");
    await press(wrapper, "Créer le profil parent");
    await press(wrapper, "C'est noté, continuer");

    expect(wrapper.get("h1").text()).toBe("Préparons la maison");
    expect(step(wrapper)).toBe("Plex");
    expect(wrapper.text()).toContain("Étape 1 sur 5");
    expect(wrapper.findAll("button").map((b) => b.text())).not.toContain("Précédent");
    await wrapper.get("#plex-url").setValue("http://192.168.1.10:32400");
    await press(wrapper, "Tester la connexion");
    expect(wrapper.get(".test-result").text()).toBe(
      `Connexion réussie — version ${settingsRecorded.plexTestOk.body.version}.`,
    );
    await wrapper.get("form.plex-form").trigger("submit");
    await settle();
    expect(api.callsTo("PUT", `${S}/plex`)).toHaveLength(1);

    await press(wrapper, "Continuer");
    expect(step(wrapper)).toBe("qBittorrent");
    expect(wrapper.text()).toContain("Tester la connexion");
    await press(wrapper, "Passer cette étape");
    expect(step(wrapper)).toBe("Indexeurs");
    await press(wrapper, "Passer cette étape");
    expect(step(wrapper)).toBe("TMDB");
    await press(wrapper, "Passer cette étape");
    expect(step(wrapper)).toBe("Dossiers");
    expect(wrapper.text()).toContain(
      `Prévu à l'installation : ${settingsRecorded.folders.body.default_library_root}`,
    );
    await wrapper.get("#folders-download_root").setValue("/srv/disque/telechargements");
    await wrapper.get("form.folders-form").trigger("submit");
    await settle();
    expect(api.callsTo("PUT", `${S}/folders`)[0]!.body).toEqual({
      download_root: "/srv/disque/telechargements",
      library_root: null,
    });

    await press(wrapper, "Continuer");
    expect(step(wrapper)).toBe("Le bilan");
    expect(wrapper.get(".skipped-steps").text()).toBe(
      "Passé pour l'instant : qBittorrent, Indexeurs, TMDB. À régler plus tard dans Réglages.",
    );
    const services = wrapper.findAll(".service-checks li").map((li) => li.text());
    const plexVersion = settingsRecorded.plexTestOk.body.version;
    expect(services).toEqual([
      `Plex Connexion réussie — version ${plexVersion}.`,
      "qBittorrent Pas encore configuré.",
      "TMDB Pas encore configuré.",
      "Indexeur Ygg Connexion réussie — version Jackett.",
    ]);
    const folders = wrapper.findAll(".folder-checks li");
    expect(folders.map((li) => li.get("strong").text())).toEqual([
      "Dossier des téléchargements",
      "Dossier de la bibliothèque (Movies, TV Shows)",
      "Import sans copie",
    ]);
    expect(folders.map((li) => li.classes())).toEqual([
      expect.arrayContaining(["ok"]),
      expect.arrayContaining(["ok"]),
      expect.arrayContaining(["ok"]),
    ]);
    expect(folders[0]!.text()).toContain("accessible en écriture");

    await press(wrapper, "Ouvrir le kiosque");
    expect(router.currentRoute.value.name).toBe("search");
  });

  it("goes back a step, and forgets a skip once the step is done after all", async () => {
    freshHouse().install();
    const { wrapper } = await mountApp("/admin/first-run");
    await settle();
    await press(wrapper, "Passer cette étape");
    await press(wrapper, "Précédent");
    expect(step(wrapper)).toBe("Plex");
    for (const label of ["Continuer", "Continuer", "Continuer", "Continuer", "Continuer"]) {
      await press(wrapper, label);
    }
    expect(step(wrapper)).toBe("Le bilan");
    expect(wrapper.find(".skipped-steps").exists()).toBe(false);
  });

  it("speaks English to an English-speaking parent", async () => {
    freshHouse().install();
    const { wrapper } = await mountApp("/admin/first-run", "en");
    await settle();
    expect(wrapper.get("h1").text()).toBe("Let's set up the house");
    expect(wrapper.text()).toContain("Step 1 of 5");
    for (let skip = 0; skip < 5; skip++) await press(wrapper, "Skip this step");
    expect(step(wrapper)).toBe("The summary");
    expect(wrapper.get(".skipped-steps").text()).toBe(
      "Skipped for now: Plex, qBittorrent, Indexers, TMDB, Folders. Set it up later in Settings.",
    );
    expect(wrapper.findAll(".service-checks li")[1]!.text()).toBe("qBittorrent Not set up yet.");
    expect(wrapper.findAll(".folder-checks li")[2]!.text()).toContain(
      "films go into the library without taking extra space",
    );
  });
});

describe("folders in Settings", () => {
  it("shows the folders set at install time and the server's reason under a refused one", async () => {
    const api = new FakeApi()
      .on("GET", `${S}/folders`, settingsRecorded.folders)
      .on("PUT", `${S}/folders`, settingsRecorded.foldersPut422)
      .install();
    const { wrapper } = await mountSettings("/admin/settings/folders");
    expect(wrapper.get("h2").text()).toBe("Dossiers");
    const download = wrapper.get("#folders-download_root").element as HTMLInputElement;
    expect(download.value).toBe(settingsRecorded.folders.body.download_root);

    await wrapper.get("#folders-download_root").setValue("telechargements");
    await wrapper.get("form").trigger("submit");
    await settle();

    expect(api.callsTo("PUT", `${S}/folders`)[0]!.body).toEqual({
      download_root: "telechargements",
      library_root: null,
    });
    expect(wrapper.get(".field-error").text()).toBe("must be an absolute folder path, e.g. /data/downloads");
  });

  it("tries the folders on screen before they are saved, and says which one will not do", async () => {
    const api = new FakeApi()
      .on("GET", `${S}/folders`, settingsRecorded.folders)
      .on("POST", `${S}/folders/test`, settingsRecorded.foldersTest)
      .install();
    const { wrapper } = await mountSettings("/admin/settings/folders");
    const [, notMounted] = settingsRecorded.foldersTest.body;
    await wrapper.get("#folders-library_root").setValue(notMounted!.path);

    await press(wrapper, "Vérifier les dossiers");

    expect(api.callsTo("POST", `${S}/folders/test`)[0]!.body).toEqual({
      download_root: null,
      library_root: notMounted!.path,
    });
    expect(api.callsTo("PUT", `${S}/folders`)).toHaveLength(0);
    const lines = wrapper.findAll(".folder-checks li");
    expect(lines.map((li) => li.classes().filter((c) => ["ok", "warn", "fail"].includes(c)))).toEqual([
      ["ok"],
      ["fail"],
      ["warn"],
    ]);
    expect(lines[1]!.text()).toBe(
      `Dossier de la bibliothèque (Movies, TV Shows) absent ou impossible à écrire ${notMounted!.path}`,
    );
    expect(lines[2]!.text()).toContain("les films seront copiés");
  });
});
