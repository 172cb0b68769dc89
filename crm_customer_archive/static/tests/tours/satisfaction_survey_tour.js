import { registry } from "@web/core/registry";

// The reporter, in Chinese, opens the start link of the satisfaction survey
// mail (the test starts the tour at that URL) and answers it. Selectors are
// attributes and classes, never (English or Chinese) labels, except the
// question title that proves the survey is shown in Chinese.
registry.category("web_tour.tours").add("crm_customer_archive_satisfaction_survey", {
    steps: () => [
        {
            content: "The survey is shown in the customer's language",
            trigger: ".o_survey_main_title:contains('服务满意度调查')",
        },
        {
            content: "Start the survey",
            trigger: "button[value='start']:not(.disabled)",
            run: "click",
        },
        {
            content: "CSAT: 5 out of 5",
            trigger: "div[data-question-type='scale']:eq(0) label[for$='_5']",
            run: "click",
        },
        {
            content: "NPS: 9 out of 10",
            trigger: "div[data-question-type='scale']:eq(1) label[for$='_9']",
            run: "click",
        },
        {
            content: "What went well",
            trigger: "textarea.o_survey_question_text_box:eq(0)",
            run: "edit 响应很快，现场处理专业。",
        },
        {
            content: "Submit",
            trigger: "button[value='finish']:not(.disabled)",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Thank-you page",
            trigger: ".o_survey_finished",
        },
    ],
});
