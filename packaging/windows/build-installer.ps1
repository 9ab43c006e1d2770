# Build dist\Communique-VERSION-windows-x64-setup.exe from dist\communique (run `pyinstaller build.spec` first)
# with Inno Setup's compiler, ISCC. Inno Setup is preinstalled on GitHub's Windows runners; elsewhere this
# installs it with Chocolatey. Python (3.11+, for tomllib) reads the version: $env:PYTHON, else `python`.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

if (-not (Test-Path "dist\communique\communique.exe")) {
    throw "build-installer: no bundle at dist\communique; run pyinstaller build.spec first"
}
$python = if ($env:PYTHON) { $env:PYTHON } else { "python" }
$version = & $python -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])"
if ($LASTEXITCODE -ne 0) { throw "build-installer: could not read the version from pyproject.toml" }

$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $iscc)) {
    choco install innosetup --yes --no-progress
    if ($LASTEXITCODE -ne 0) { throw "build-installer: could not install Inno Setup" }
}
& $iscc "/DAppVersion=$version" "packaging\windows\communique.iss"
if ($LASTEXITCODE -ne 0) { throw "build-installer: ISCC failed" }
Write-Output "dist\Communique-$version-windows-x64-setup.exe"
