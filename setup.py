"""Install colorize_lib: metadata and the requirement ranges from settings.ini, extras included.

`pip install colorize_lib` keeps a host's torch and torchvision when they are in range (Colab, Kaggle); `make install`
installs the exact versions the project is tested with (requirements.txt) before this package."""
from configparser import ConfigParser
from pathlib import Path
import setuptools

here = Path(__file__).parent
cfg = ConfigParser(delimiters=['='])
cfg.read(here/'settings.ini', encoding='utf-8')
cfg = cfg['DEFAULT']
reqs = cfg['requirements'].split()
extras = {k: cfg[f'{k}_requirements'].split() for k in ('report', 'serve', 'train', 'docs', 'course', 'dev')}
extras['all'] = sorted({r for v in extras.values() for r in v})
readme = here/'README.md'
scripts = [s for s in cfg.get('console_scripts', '').split() if s]
setuptools.setup(
    name=cfg['lib_name'], version=cfg['version'], description=cfg['description'],
    keywords=cfg['keywords'].split(), author=cfg['author'], author_email=cfg['author_email'],
    license='Apache-2.0', url=cfg['git_url'], project_urls={'Source': cfg['git_url']},
    long_description=readme.read_text() if readme.exists() else cfg['description'],
    long_description_content_type='text/markdown',
    classifiers=['Programming Language :: Python :: 3', 'Intended Audience :: Education',
                 'License :: OSI Approved :: Apache Software License',
                 'Topic :: Scientific/Engineering :: Image Processing'],
    python_requires='>=' + cfg['min_python'],
    packages=setuptools.find_packages(include=['colorize_lib', 'colorize_lib.*']),
    package_data={'colorize_lib': ['manifests/*.tsv.gz']},   # the datasets' file lists (colorize-data get)
    install_requires=reqs, extras_require=extras, include_package_data=True, zip_safe=False,
    entry_points={'console_scripts': scripts, 'nbdev': [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"]},
)
