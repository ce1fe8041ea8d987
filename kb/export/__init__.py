"""Responsibility exports: the task breakdown table, a department's duty sheet and the department × document
matrix. Each takes a plain `list[Clause]` and returns bytes (for the app's downloads) or writes a file."""

from kb.export.department import (
    DEPARTMENT_FORMATS,
    DutySheet,
    close_departments,
    department_sheet,
    department_sheet_bytes,
    departments_in,
    resolve_department,
    resolve_in_registry,
    write_department_sheet,
)
from kb.export.formats import Format, choose_format, export_filename
from kb.export.matrix import MATRIX_FORMATS, Matrix, matrix, matrix_bytes, matrix_heatmap_png, write_matrix
from kb.export.tasks import TASK_FORMATS, TASK_HEADERS, TaskRow, tasks_bytes, tasks_table, write_tasks

__all__ = [
    "DEPARTMENT_FORMATS",
    "MATRIX_FORMATS",
    "TASK_FORMATS",
    "TASK_HEADERS",
    "DutySheet",
    "Format",
    "Matrix",
    "TaskRow",
    "choose_format",
    "close_departments",
    "department_sheet",
    "department_sheet_bytes",
    "departments_in",
    "export_filename",
    "matrix",
    "matrix_bytes",
    "matrix_heatmap_png",
    "resolve_department",
    "resolve_in_registry",
    "tasks_bytes",
    "tasks_table",
    "write_department_sheet",
    "write_matrix",
    "write_tasks",
]
