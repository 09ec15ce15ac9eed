/** The state every settings form shares: busy while a call runs, the problem to show, errors per field. */
import { ref } from "vue";
import { useI18n } from "vue-i18n";
import { ApiError } from "@/api/errors";
import { errorMessage, notify } from "@/ui/toasts";

/** Run calls for one form, keeping what went wrong where the admin will see it. */
export function useFormState() {
  const { t } = useI18n();
  const busy = ref(false);
  const problem = ref<string | null>(null);
  const fieldErrors = ref<Record<string, string>>({});

  /** Run `action`; on success show `success` (if any) and return the result, else undefined. */
  async function run<T>(action: () => Promise<T>, success?: string): Promise<T | undefined> {
    busy.value = true;
    problem.value = null;
    fieldErrors.value = {};
    try {
      const result = await action();
      if (success) notify(success, "success");
      return result;
    } catch (error) {
      if (error instanceof ApiError) {
        fieldErrors.value = Object.fromEntries(error.fieldErrors.map((e) => [e.field, e.message]));
      }
      problem.value = errorMessage(error, t("errors.unreachable"));
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { busy, problem, fieldErrors, run };
}

/** "2000, 5030" → [2000, 5030] (anything that is not a number is left out). */
export function numbersFrom(text: string): number[] {
  return text
    .split(/[\s,;]+/)
    .filter((part) => /^\d+$/.test(part))
    .map(Number);
}

/** "MULTi, VFF" → ["MULTi", "VFF"]. */
export function wordsFrom(text: string): string[] {
  return text
    .split(",")
    .map((word) => word.trim())
    .filter((word) => word !== "");
}
