# sendpipe's Airflow image: the official Airflow 3.3 image plus the project's pinned requirements
# and the sendpipe package (editable: it finds dbt_project/ and expectations/ beside itself, mounted
# by docker-compose.yml). Build with `docker compose build`.
FROM apache/airflow:3.3.2-python3.11

COPY --chown=airflow:0 requirements.txt constraints.txt pyproject.toml /opt/sendpipe/
COPY --chown=airflow:0 sendpipe /opt/sendpipe/sendpipe
RUN pip install --no-cache-dir -r /opt/sendpipe/requirements.txt -c /opt/sendpipe/constraints.txt \
 && pip install --no-cache-dir --no-deps -e /opt/sendpipe
