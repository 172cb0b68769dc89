import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";

/**
 * The new-request form: the severity is asked for complaints only, so it is
 * hidden while another request type (inquiry, suggestion, praise) is chosen.
 */
export class ComplaintRequestType extends Interaction {
    static selector = ".o_complaint_form";
    dynamicContent = {
        "select[name='request_type']": { "t-on-change": this.onChange },
        ".o_complaint_severity": { "t-att-class": () => ({ "d-none": this.requestType !== "complaint" }) },
    };

    setup() {
        this.requestType = this.el.querySelector("select[name='request_type']")?.value || "complaint";
    }

    onChange(ev) {
        this.requestType = ev.currentTarget.value;
    }
}

registry.category("public.interactions").add("crm_customer_archive.complaint_request_type", ComplaintRequestType);
