/**
 * Parents' pages guarded in the router: anyone else who reaches one (a child typing /admin, a member
 * signing in on a screen a parent left open) sees « réservé aux parents » in their own language, with a
 * way back, instead of the page followed by the server's refusal. The API still refuses them on its own;
 * this is what a person sees. A parents' page comes with the parents' words (i18n/parents/), fetched once.
 */
import { defineComponent, h, type Component } from "vue";
import { loadParentsWords } from "@/i18n";
import { session } from "@/profiles/session";
import ParentsOnlyPage from "./ParentsOnlyPage.vue";

type PageModule = { default: Component };

/** A lazy route component: the page `load` gives, shown to parents only (decided again whenever the
 * viewer changes). The router still loads it while navigating, so the page appears at once. */
export function parentsOnly(load: () => Promise<PageModule>): () => Promise<Component> {
  return async () => {
    const [module] = await Promise.all([load(), loadParentsWords()]);
    const Page = module.default;
    return defineComponent({
      name: "ParentsOnly",
      inheritAttrs: false,
      setup(_props, { attrs }) {
        // The route's props arrive as attributes and go on to the page itself.
        return () => (session.viewer?.role === "admin" ? h(Page, attrs) : h(ParentsOnlyPage));
      },
    });
  };
}
