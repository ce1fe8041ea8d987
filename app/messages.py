"""What the page says when something goes wrong, in Chinese for the civil servants who use it.

`kb` raises typed errors (kb.errors) with English messages for the command line and the logs; the page names
the file and says, in Chinese, what is wrong and what to do, chosen by the error's class (a subclass without an
entry of its own takes its parent's). Gradio's own toasts (a lost connection, a full queue, a file over the
size limit) are English strings in its browser code: `TOAST_SCRIPT` rewrites them on the page.
"""

from __future__ import annotations

import json

from kb.errors import Busy, IndexDamaged, KBError, QuestionTooLong

ERROR_TITLE = "出错了"
# kb.errors class name → what the reader is told (the CLI keeps the English message).
BY_ERROR: dict[str, str] = {
    "UnsupportedFormat": "不是可导入的文件（按文件内容判断；可导入 PDF、Word、WPS、OFD、网页、Excel 任务表和文本文件）",
    "EmptyDocument": "文件中没有可读的文字，或读不出任何条款",
    "CorruptFile": "文件已损坏或不完整，无法打开",
    "Encrypted": "PDF 设有密码，请先去除密码再上传",
    "NoTextLayer": "PDF 中没有可读的文字：没有文字层，扫描页面也未能识别出文字（或未安装 OCR 组件）",
    "UnreadableText": "文字无法识别（字体缺少编码对照，或文字编码有误）",
    "TooLarge": "超出处理上限（文件大小、解压后大小、文字长度、条款数或解析用时），请拆分后再上传",
    "DocumentExists": "已有同名文件在索引中（来自另一个文件），未替换",
    "IngestError": "无法读取这个文件",
    "IndexMissing": "还没有建立索引：请先在“文件”页上传文件",
    "IndexDamaged": "索引已损坏：请管理员用 kb rebuild 从保存的原件重建",
    "EmbedderMismatch": "索引与当前配置的向量模型不一致：请管理员重建索引",
    "IndexBusy": "另一个导入正在进行，请稍后再试",
    "DiskFull": "索引所在的磁盘已满，导入已停止：索引保持导入这个文件之前的样子，请管理员清理磁盘后再导入",
    "ReadOnlyIndex": "索引文件夹为只读，无法写入：请管理员检查文件夹权限",
    "ConfigError": "配置有误，或所需的服务无法连接：请联系管理员",
    "ExportError": "无法生成导出文件",
    "UnknownDepartment": "没有找到这个部门",
    "QuestionTooLong": "问题太长：请只输入问题本身，不要粘贴整段文字",
    "Busy": "等待回答的问题已满，请稍后再试",
    "ConversationsDamaged": "对话记录无法读取或保存：请管理员检查索引文件夹中的 conversations.sqlite（权限、磁盘空间）",
    "KBError": "处理时出错，请稍后再试或联系管理员",
}


def error_text(kind: str | type[BaseException] | BaseException | None) -> str:
    """The Chinese message for an error, by its kb.errors class (or that class's name)."""
    if isinstance(kind, BaseException):
        kind = type(kind)
    if isinstance(kind, type):
        for cls in kind.__mro__:
            if cls.__name__ in BY_ERROR:
                return BY_ERROR[cls.__name__]
        return BY_ERROR["KBError"]
    return BY_ERROR.get(kind or "", BY_ERROR["IngestError"])


def refusal(name: str, kind: str | None) -> str:
    """An upload refused: the file's name and why."""
    return f"{name}：{error_text(kind)}"


def document_exists(name: str, doc_id: str) -> str:
    """An upload named as a document indexed from another file: refused, saying how to replace it."""
    return (
        f"{name}：索引中已有同名文件「{doc_id}」（来自另一个文件），未做替换。"
        "如要用这个文件替换它，请勾选“替换同名文件”后重新导入（旧文件会保留备份）；如要两份都保留，请将文件改名后上传。"
    )


def too_large(name: str, limit_mb: float) -> str:
    return f"{name}：超过单个文件 {limit_mb:g} MB 的上传上限"


def failure(error: KBError) -> str:
    """A question or request that failed, as the toast says it."""
    if isinstance(error, IndexDamaged):  # what to run, exactly, as the CLI says it
        return f"{error_text(error)}（kb rebuild --index {error.index_dir}）"
    if isinstance(error, QuestionTooLong):
        shown = f"问题太长（{error.length:,} 字），最多 {error.limit:,} 字"
        return f"{shown}：请只输入问题本身，不要粘贴整段文字。"
    if isinstance(error, Busy) and error.yours:
        return f"您已有 {error.waiting} 个问题在等待回答，请等它们答完再问。"
    return error_text(error)


def too_many_logins(seconds: str) -> str:
    return f"登录失败次数过多，请 {seconds} 秒后再试"


# Gradio's English toast texts (gradio 6: Blocks, the client, the upload component) → Chinese.
GRADIO_TOASTS: list[tuple[str, str]] = [
    (r"^Connection Lost$", "连接已断开"),
    (
        r"^Connection to the server was lost\. Attempting reconnection\.\.\.$",
        "与服务器的连接已断开，正在重新连接……恢复后页面会自动刷新。",
    ),
    (r"^Connection errored out\.?\s*$", "连接出错：请检查网络后重试。"),
    (r"^This application is currently busy\. Please try again\.?\s*$", "系统正忙，请稍后再试。"),
    (r"^Queue is full.*$", "等待处理的请求已满，请稍后再试。"),
    (r"^File\(s\) exceed the maximum allowed size of (.+?): (.*)$", "文件超过上传上限（$1）：$2"),
    (r"^Invalid file type.*$", "不支持的文件类型：请上传 PDF、DOCX、TXT 或 MD 文件。"),
    (r"^Error$", ERROR_TITLE),
    (r"^Warning$", "注意"),
    (r"^Info$", "提示"),
    (r"^Close$", "关闭"),
]

TOAST_SCRIPT = """
  const toasts = GRADIO_TOASTS.map(([pattern, text]) => [new RegExp(pattern), text]);
  const inChinese = (text) => {
    const trimmed = text.trim();
    for (const [pattern, chinese] of toasts) if (pattern.test(trimmed)) return trimmed.replace(pattern, chinese);
    return null;
  };
  const translateToasts = () => {
    document.querySelectorAll('.toast-wrap').forEach(wrap => {
      const walker = document.createTreeWalker(wrap, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const chinese = inChinese(node.nodeValue || '');
        if (chinese !== null) node.nodeValue = chinese;
      }
      wrap.querySelectorAll('[aria-label="Close"]').forEach(b => b.setAttribute('aria-label', '关闭'));
    });
  };
""".replace("GRADIO_TOASTS", json.dumps(GRADIO_TOASTS, ensure_ascii=False))
