/** Start the kiosk: router, i18n, then mount. */
import { createApp } from "vue";
import App from "@/app/App.vue";
import { createAppRouter } from "@/app/router";
import { createAppI18n } from "@/i18n";
import "./styles.css";

const i18n = createAppI18n();
document.documentElement.lang = i18n.global.locale.value;
createApp(App).use(createAppRouter()).use(i18n).mount("#app");
