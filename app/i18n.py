"""Gradio's own labels in Chinese: the strings its browser code draws (copy buttons, upload areas, tables).

Gradio 6 translates its frontend with svelte-i18n by the browser's language, and its zh-CN table lacks some strings
the page shows (chatbot.copy_message "Copy message", common.download_all …). `gr.I18n`, given to `launch`, adds
translations the page's lookup finds first: keys are written flat (`chatbot.copy_message`) because a flat key is
looked up before the nested tables Gradio loads later, which would otherwise merge over ours.

The same Chinese is given for `en`, the language every other falls back to: a browser set to English (common on
office machines) still shows the app's labels in Chinese. Strings Gradio draws without a translation key ("Toggle
Sidebar", "processing | 0.4s") are handled by `I18N_SCRIPT` and the stylesheet (app/static/app.css).
"""

from __future__ import annotations

from typing import Any

# Gradio 6.31 key → Chinese, for the components this app uses (Chatbot, Textbox, Dropdown, File, Image, Dataframe,
# BarPlot, Markdown) and the page around them.
LABELS: dict[str, str] = {
    "chatbot.copy_message": "复制这条回答",
    "chatbot.copied_message": "已复制",
    "chatbot.clear": "清空对话",
    "chatbot.like": "有帮助",
    "chatbot.dislike": "没有帮助",
    "chatbot.retry": "重试",
    "chatbot.undo": "撤销",
    "chatbot.edit": "编辑",
    "chatbot.submit": "发送",
    "chatbot.cancel": "取消",
    "chatbot.complete": "完成",
    "chatbot.conversation": "对话",
    "chatbot.chatbot": "问答",
    "common.clear": "清除",
    "common.copy": "复制",
    "common.copied": "已复制",
    "common.download": "下载",
    "common.download_all": "全部下载",
    "common.empty": "空",
    "common.error": "错误",
    "common.loading": "加载中",
    "common.remove": "移除",
    "common.submit": "提交",
    "common.undo": "撤销",
    "common.edit": "编辑",
    "common.settings": "设置",
    "common.language": "语言",
    "common.display_theme": "显示主题",
    "common.progress": "进度",
    "common.fullscreen": "全屏查看",
    "common.exit_fullscreen": "退出全屏",
    "common.or": "或",
    "dropdown.dropdown": "下拉菜单",
    "file.uploading": "正在上传……",
    "upload_text.click_to_upload": "点击上传",
    "upload_text.drop_file": "将文件拖放到此处",
    "upload_text.drop_image": "将图片拖放到此处",
    "upload_text.paste_clipboard": "从剪贴板粘贴",
    "image.image": "图片",
    "image.remove_image": "移除图片",
    "image.zoom_in": "放大",
    "image.zoom_out": "缩小",
    "image.fit_to_screen": "适应窗口",
    "plot.plot": "图表",
    "label.label": "标签",
    "dataframe.filter": "筛选",
    "dataframe.clear_filter": "清除筛选",
    "dataframe.sort_column": "排序",
    "dataframe.sort_ascending": "升序",
    "dataframe.sort_descending": "降序",
    "dataframe.clear_sort": "取消排序",
    "blocks.lost_connection": "因离开页面，连接已断开，正在重新排队……",
    "blocks.waiting_for_inputs": "正在等待文件上传完成，请稍后再试。",
    "blocks.connection_can_break": "在手机上，切换页面或锁屏可能使连接中断，需要重新提问。",
    "errors.use_via_api": "通过 API 使用",
    "login.login": "登录",
    "login.username": "用户名",
    "login.password": "密码",
    "login.incorrect_credentials": "用户名或密码不正确",
}

LOCALES = ("zh-CN", "zh", "en")
# Gradio draws the side panel's button with an English name and no translation key: named in Chinese as it appears.
I18N_SCRIPT = """<script>
new MutationObserver(() => {
  document.querySelectorAll('button[aria-label="Toggle Sidebar"]')
    .forEach(b => b.setAttribute('aria-label', '展开或收起原文出处'));
}).observe(document.documentElement, {childList: true, subtree: true});
</script>"""  # the browser's language, and English, which the others fall back to


def gradio_i18n() -> Any:
    """The `gr.I18n` for `launch(i18n=…)`."""
    import gradio as gr

    return gr.I18n(**{locale: dict(LABELS) for locale in LOCALES})
