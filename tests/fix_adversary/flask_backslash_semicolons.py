# a Flask blueprint with backslash continuations and semicolon-joined statements around analytics calls
"""Project endpoints."""
from flask import Blueprint, g, jsonify, request

import analytics
from app.models import Project, db

bp = Blueprint("projects", __name__, url_prefix="/projects")


@bp.post("/")
def create_project():
    project = Project(name=request.json["name"], owner_id=g.user.id)
    db.session.add(project); db.session.commit()
    analytics.track(g.user.id, "Created Project", \
                    {"project": project.id})
    return jsonify(project.as_dict()), 201


@bp.post("/<int:project_id>/archive")
def archive_project(project_id):
    project = Project.query.get_or_404(project_id)
    project.archived = True; analytics.track(g.user.id, "Archived Project")
    db.session.commit()
    return jsonify(project.as_dict())


@bp.post("/<int:project_id>/star")
def star_project(project_id):
    project = Project.query.get_or_404(project_id)
    starred = project.star(g.user)
    analytics \
        .track(g.user.id, "Starred Project", {"starred": starred})
    return jsonify({"starred": starred})


@bp.delete("/<int:project_id>")
def delete_project(project_id):
    project = Project.query.get_or_404(project_id)
    db.session.delete(project)
    db.session.commit(); analytics.track(g.user.id, "Deleted Project",
                                         {"project": project_id})
    return "", 204
