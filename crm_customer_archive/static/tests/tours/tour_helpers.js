import { download } from "@web/core/network/download";

// Shared by the addon's tours: a real defect photo and the check that a print
// button really downloads a PDF.

// A 24×16 red PNG: the defect photo a user attaches.
export const PHOTO_PNG =
    "iVBORw0KGgoAAAANSUhEUgAAABgAAAAQCAIAAACDRijCAAAAHElEQVR4nGM8oaHBQA3ARBVTRg0aNWjUoBFsEABJywE4xZmKkAAAAABJRU5ErkJggg==";

// The file input receives a real PNG file, as if picked by the user.
export function pickPhoto(input, filename) {
    const bytes = Uint8Array.from(atob(PHOTO_PNG), (char) => char.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], filename, { type: "image/png" }));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

// The next report download is asked once more with force_report_rendering
// (test servers otherwise answer HTML) and the body is marked when a PDF
// whose name starts with `prefix` came back.
export function expectPdfDownload(prefix, marker) {
    const realDownload = download._download;
    download._download = async (options) => {
        download._download = realDownload;
        const context = JSON.parse(options.data.context);
        options.data.context = JSON.stringify({ ...context, force_report_rendering: true });
        const form = new FormData();
        for (const [key, value] of Object.entries(options.data)) {
            form.append(key, value);
        }
        form.append("token", "dummy-because-api-expects-one");
        form.append("csrf_token", odoo.csrf_token);
        const response = await fetch(options.url, { method: "POST", body: form });
        const head = await (await response.blob()).slice(0, 5).text();
        const filename = await realDownload(options);
        if (
            response.headers.get("Content-Type") === "application/pdf" &&
            head === "%PDF-" &&
            filename.startsWith(prefix)
        ) {
            document.body.classList.add(marker);
        } else {
            console.error("Not the expected PDF:", filename, head);
        }
        return filename;
    };
}

// Steps that click a smart button of the open form. With more buttons than
// the box shows (Odoo shows 7 on a wide screen, fewer on a narrow one), the
// rest sit in "More": it is opened first when the button is in there.
export function clickSmartButton(name, text = "") {
    const button = `button[name='${name}']${text ? `:contains('${text}')` : ""}`;
    return [
        {
            content: `open "More" when ${name} is in it`,
            trigger: ".o_action_manager .o_form_view .o-form-buttonbox",
            run() {
                const box = document.querySelector(".o_action_manager .o_form_view .o-form-buttonbox");
                if (!box.querySelector(`button[name='${name}']`)) {
                    box.querySelector(".o_button_more").click();
                }
            },
        },
        {
            trigger: `.o-form-buttonbox ${button}`,
            run: "click",
        },
    ];
}
