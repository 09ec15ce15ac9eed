import { describe, expect, it } from "vitest";
import { mount } from "@vue/test-utils";
import { createAppI18n } from "@/i18n";
import RequestViewFilter from "@/media_requests/RequestViewFilter.vue";
import type { RequestView } from "@/media_requests/statuses";
import ChoiceChips from "@/ui/ChoiceChips.vue";
import LabelledInput from "@/ui/LabelledInput.vue";
import SearchForm from "@/ui/SearchForm.vue";

const global = { plugins: [createAppI18n("fr")] };

describe("the controls the pages share", () => {
  it("a search form keeps the page's classes and leaves searching and clearing to the page", async () => {
    const wrapper = mount(SearchForm, {
      props: { modelValue: "", label: "Chercher", placeholder: "Un titre", inputClass: "library-input" },
      attrs: { class: "library-search" },
      global,
    });
    expect(wrapper.get("form").classes()).toEqual(["library-search"]);
    expect(wrapper.find("button[type=button]").exists()).toBe(false);

    await wrapper.get("input.library-input").setValue("dune");
    expect(wrapper.emitted("update:modelValue")).toEqual([["dune"]]);
    expect(wrapper.emitted("typing")).toHaveLength(1);
    await wrapper.setProps({ modelValue: "dune" });
    await wrapper.get("button[type=button]").trigger("click");
    await wrapper.get("form").trigger("submit");
    expect([wrapper.emitted("clear"), wrapper.emitted("submit")]).toEqual([[[]], [[]]]);
    expect(wrapper.get("input").attributes("enterkeyhint")).toBeUndefined();
  });

  it("a row of chips presses the chosen one and says which was tapped, none included", async () => {
    const wrapper = mount(ChoiceChips<string | null>, {
      props: {
        choices: [
          { value: null, label: "library.kinds.all" },
          { value: "movie", label: "library.kinds.movie" },
        ],
        chosen: "movie",
      },
      global,
    });
    expect(wrapper.findAll(".chip").map((c) => c.attributes("aria-pressed"))).toEqual(["false", "true"]);
    await wrapper.get(".chip").trigger("click");
    expect(wrapper.emitted("choose")).toEqual([[null]]);
  });

  it("the request filters offer an 'all' chip only where the page names one", async () => {
    const nameOf = (view: RequestView) => view;
    const counts = { in_progress: 2 };
    const plain = mount(RequestViewFilter, {
      props: { label: "Filtres", chosen: null, nameOf, counts },
      global,
    });
    expect(plain.findAll(".chip").map((c) => c.text())).toEqual([
      "in_progress 2",
      "ready 0",
      "needs_parent 0",
      "problems 0",
    ]);

    const withAll = mount(RequestViewFilter, {
      props: { label: "Filtres", chosen: "ready", nameOf, allLabel: "Toutes" },
      global,
    });
    const chips = withAll.findAll(".chip");
    expect(chips.map((c) => c.attributes("aria-pressed"))).toEqual([
      "false",
      "false",
      "true",
      "false",
      "false",
    ]);
    expect(withAll.find(".count").exists()).toBe(false);
    await chips[0]!.trigger("click");
    await chips[3]!.trigger("click");
    expect(withAll.emitted("choose")).toEqual([[null], ["needs_parent"]]);
  });

  it("a labelled input gives its attributes to the input, which its label names", async () => {
    const wrapper = mount(LabelledInput, {
      props: { modelValue: "", label: "Code" },
      attrs: { type: "password", name: "secret", disabled: true },
      global,
    });
    expect(wrapper.get("label").attributes("type")).toBeUndefined();
    expect(wrapper.get("label").text()).toBe("Code");
    const input = wrapper.get("input");
    expect([input.attributes("type"), input.attributes("name"), input.element.disabled]).toEqual([
      "password",
      "secret",
      true,
    ]);
  });
});
