/** Start the kiosk: the saved language's texts, router, i18n, then mount. */
import { createApp } from "vue";
import App from "@/app/App.vue";
import { createAppRouter } from "@/app/router";
import { createAppI18n, loadLocale, savedLocale } from "@/i18n";
import "./styles.css";

const locale = savedLocale();
// English is fetched before mounting when it is this device's language, so no screen starts in the wrong one.
void loadLocale(locale).then(() => {
  const i18n = createAppI18n(locale);
  document.documentElement.lang = i18n.global.locale.value;
  createApp(App).use(createAppRouter()).use(i18n).mount("#app");
});
