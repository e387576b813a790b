"Install colorize_lib: metadata from settings.ini, requirements from requirements.txt (one source for the pins)."
from configparser import ConfigParser
from pathlib import Path
import setuptools

here = Path(__file__).parent
cfg = ConfigParser(delimiters=['='])
cfg.read(here/'settings.ini', encoding='utf-8')
cfg = cfg['DEFAULT']
reqs = [l.split('#')[0].strip() for l in (here/'requirements.txt').read_text().splitlines()]
readme = here/'README.md'
scripts = [s for s in cfg.get('console_scripts', '').split() if s]
setuptools.setup(
    name=cfg['lib_name'], version=cfg['version'], description=cfg['description'],
    keywords=cfg['keywords'].split(), author=cfg['author'], author_email=cfg['author_email'],
    license='Apache-2.0', url=cfg['git_url'], project_urls={'Source': cfg['git_url']},
    long_description=readme.read_text() if readme.exists() else cfg['description'],
    long_description_content_type='text/markdown',
    classifiers=['Programming Language :: Python :: 3', 'Intended Audience :: Education',
                 'Topic :: Scientific/Engineering :: Image Processing'],
    python_requires='>=' + cfg['min_python'],
    packages=setuptools.find_packages(include=['colorize_lib', 'colorize_lib.*']),
    package_data={'colorize_lib': ['manifests/*.tsv.gz']},   # the datasets' file lists (colorize-data get)
    install_requires=[r for r in reqs if r], extras_require={}, include_package_data=True, zip_safe=False,
    entry_points={'console_scripts': scripts, 'nbdev': [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"]},
)
