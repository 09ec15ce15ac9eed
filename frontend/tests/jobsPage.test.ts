import { describe, expect, it } from "vitest";
import type { JobsPage } from "@/api/types";
import { FakeApi } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";

// The shape GET /api/v1/jobs answers (typed by the OpenAPI document), as the integration test sees it.
const page: JobsPage = {
  jobs: [
    {
      name: "monitor-downloads",
      task: "app.workers.download_monitor_worker.monitor_downloads_task",
      schedule: { kind: "every", seconds: 300 },
      last_run: {
        task_id: "4f7c",
        sent_at: "2026-12-06T19:55:00Z",
        sent_by: "beat",
        state: "SUCCESS",
        finished_at: "2026-12-06T19:55:01.500000Z",
        duration_s: 1.5,
        result: { watched: 3, removed: 1, importing: [] },
      },
      next_run_at: "2026-12-06T20:00:00Z",
    },
    {
      name: "plex-sync-daily-full",
      task: "app.workers.plex_sync_worker.sync_plex_library_task",
      schedule: {
        kind: "crontab",
        minute: "0",
        hour: "3",
        day_of_month: "*",
        month_of_year: "*",
        day_of_week: "*",
      },
      last_run: null,
      next_run_at: "2026-12-07T02:00:00Z",
    },
    {
      name: "database-maintenance",
      task: "app.workers.cleanup_worker.database_maintenance_task",
      schedule: {
        kind: "crontab",
        minute: "0",
        hour: "6",
        day_of_month: "*",
        month_of_year: "*",
        day_of_week: "0",
      },
      last_run: null,
      next_run_at: "2026-12-13T05:00:00Z",
    },
  ],
  queues: [
    { name: "requests", waiting: 2, running: 1 },
    { name: "downloads", waiting: 0, running: 0 },
  ],
  workers: ["requests@kiosk", "downloads@kiosk"],
  flower_url: null,
};

describe("the jobs page", () => {
  it("says in words when each job runs, how its last run went and when it runs next", async () => {
    new FakeApi().on("GET", "/api/v1/jobs", { status: 200, body: page }).install();
    const { wrapper } = await mountApp("/admin/jobs");

    const monitor = wrapper.get("[data-job=monitor-downloads]");
    expect(monitor.get("h2").text()).toBe("Suivi des téléchargements");
    expect(monitor.get(".job-when").text()).toBe("Toutes les 5 minutes");
    expect(monitor.get(".job-last").text()).toContain("Réussie");
    expect(monitor.get(".job-last").text()).toContain("1.5 s");
    expect(monitor.get(".job-result").text()).toBe("watched: 3 · removed: 1");
    expect(monitor.get(".job-next").text()).toContain("21:00");
    const full = wrapper.get("[data-job=plex-sync-daily-full]");
    expect(full.get(".job-when").text()).toBe("Tous les jours à 03:00");
    expect(full.get(".job-last").text()).toBe("Jamais lancée");
    expect(wrapper.get("[data-job=database-maintenance] .job-when").text()).toBe("Le dimanche à 06:00");
    expect(wrapper.findAll("[data-queue=requests] td").map((td) => td.text())).toEqual([
      "requests",
      "2",
      "1",
    ]);
    expect(wrapper.findAll(".workers li").map((li) => li.text())).toEqual([
      "requests@kiosk",
      "downloads@kiosk",
    ]);
  });

  it("runs a job now and shows the new run", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/jobs", { status: 200, body: page })
      .on("POST", "/api/v1/jobs/plex-sync-daily-full/run", {
        status: 202,
        body: { job: "plex-sync-daily-full", task_id: "9a1b" },
      })
      .install();
    const { wrapper } = await mountApp("/admin/jobs", "en");

    const full = wrapper.get("[data-job=plex-sync-daily-full]");
    expect(full.get(".job-when").text()).toBe("Every day at 03:00");
    await full.get("button").trigger("click");
    await settle();

    expect(api.callsTo("POST", "/api/v1/jobs/plex-sync-daily-full/run")).toHaveLength(1);
    expect(api.callsTo("GET", "/api/v1/jobs")).toHaveLength(2);
    expect(wrapper.get(".toast").text()).toBe("“Full Plex sync” started.");
  });
});
