import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";

/**
 * The complaint form's photo picker: a translated button opens the hidden
 * file input, and the names of the chosen photos are shown next to it (the
 * text rendered by the server, "no photo chosen", comes back when none is).
 */
export class ComplaintPhotoInput extends Interaction {
    static selector = ".o_complaint_photos";
    dynamicContent = {
        ".o_complaint_photo_input": { "t-on-change": this.onChange },
        ".o_complaint_photo_names": { "t-out": () => this.names || this.emptyText },
    };

    setup() {
        this.emptyText = this.el.querySelector(".o_complaint_photo_names").textContent;
        this.names = "";
    }

    onChange(ev) {
        this.names = [...ev.currentTarget.files].map((file) => file.name).join(", ");
    }
}

registry.category("public.interactions").add("crm_customer_archive.complaint_photo_input", ComplaintPhotoInput);
