import {registry} from "@web/core/registry";
import {user} from "@web/core/user";

/**
 * Before report_xlsx downloads one of the addon's Excel exports, ask the
 * server whether it is too large to generate now: if so it is queued, the
 * user is told at once and the file arrives later in their Inbox.
 */
async function queueLargeXlsxExport(action, options, env) {
    const activeIds = action.context?.active_ids;
    if (
        action.report_type !== "xlsx" ||
        !action.report_name?.startsWith("crm_customer_archive.") ||
        !activeIds?.length
    ) {
        return false;
    }
    const notification = await env.services.orm.call(
        `report.${action.report_name}`,
        "queue_large_export",
        [activeIds],
        // With every record of the list selected, the web client sends at
        // most web.active_ids_limit ids: the domain lets the job export all.
        {domain: action.context.active_domain, context: user.context}
    );
    if (!notification) {
        return false; // Small enough: report_xlsx's handler generates it now.
    }
    await env.services.action.doAction(notification);
    return true;
}

registry
    .category("ir.actions.report handlers")
    .add("crm_customer_archive_queue_xlsx", queueLargeXlsxExport, {sequence: 10});
